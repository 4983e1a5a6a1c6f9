/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The build lands where Maven packs resources: the app serves it at / from the jar's classpath
// (app/target/classes/studio). `npm run dev` proxies the API to a running `./fablestream serve`.
// `npm test` runs the unit tests (src/**/*.test.ts[x]) in Node; web/build runs them before building.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: process.env.STUDIO_OUT_DIR ?? "../app/target/classes/studio",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      "/books": "http://127.0.0.1:8000",
      "/health": "http://127.0.0.1:8000",
    },
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
