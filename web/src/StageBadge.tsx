import type { Stage } from "./types";

export function StageBadge({ stage }: { stage: Stage }) {
  return <span className={`stage stage-${stage.toLowerCase()}`}>{stage}</span>;
}
