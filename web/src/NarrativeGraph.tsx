import {
  Background,
  Controls,
  Handle,
  Position,
  ReactFlow,
  useReactFlow,
  useStore as useFlowStore,
  type NodeProps,
} from "@xyflow/react";
import { useEffect, useMemo } from "react";
import { Thumbnail } from "./Illustration";
import { MAX_FACTS_SHOWN, narrativeGraph, NODE_WIDTH, type NarrativeNode } from "./graph";
import { navigate } from "./router";
import type { BookView } from "./types";

function NarrativeNodeView({ data }: NodeProps<NarrativeNode>) {
  const facts = data.facts ?? [];
  return (
    <div
      className={`node node-${data.kind}`}
      style={{ width: NODE_WIDTH, minHeight: data.height, maxHeight: data.height }}
      title={data.detail}
      data-kind={data.kind}
      data-chapter={data.chapter}
    >
      <Handle type="target" position={Position.Top} id="top-in" />
      <Handle type="source" position={Position.Top} id="top-out" />
      <Handle type="target" position={Position.Left} id="left-in" />
      <Handle type="source" position={Position.Right} id="right-out" />
      <Handle type="target" position={Position.Bottom} id="bottom-in" />
      <Handle type="source" position={Position.Bottom} id="bottom-out" />
      {data.thumbnail && <Thumbnail src={data.thumbnail} />}
      <span className="node-kind">{data.kind === "summary" ? "arc summary" : data.kind}</span>
      <span className="node-label">{data.label}</span>
      {data.kind === "cast" && data.detail && (
        <span className="node-detail">{data.detail.split("\n")[0]}</span>
      )}
      {facts.length > 0 && (
        <ul className="node-facts" aria-label="facts set here">
          {facts.slice(0, MAX_FACTS_SHOWN).map((fact, i) => (
            <li key={i}>{fact}</li>
          ))}
          {facts.length > MAX_FACTS_SHOWN && (
            <li className="muted">+{facts.length - MAX_FACTS_SHOWN} more</li>
          )}
        </ul>
      )}
    </div>
  );
}

const nodeTypes = { narrative: NarrativeNodeView };

const FIT_VIEW = { padding: 0.15 };

/**
 * Fits the whole graph in the pane again whenever the pane changes size (a window resized, a phone
 * turned), as the first render does: React Flow's `fitView` prop fits only once.
 */
function FitOnResize() {
  const width = useFlowStore((s) => s.width);
  const height = useFlowStore((s) => s.height);
  const { fitView } = useReactFlow();
  useEffect(() => {
    // fitView waits, queued, until the nodes have been measured (the store's nodesInitialized
    // is no guide: a controlled flow sets it only when its nodes prop changes).
    if (width > 0 && height > 0) {
      void fitView(FIT_VIEW);
    }
  }, [width, height, fitView]);
  return null;
}

/**
 * The book as a graph: analysis, characters, conflicts, chapters, arc summaries, and the story
 * bible's cast and facts once the book is finished.
 */
export function NarrativeGraph({ view }: { view: BookView }) {
  const { nodes, edges } = useMemo(() => narrativeGraph(view), [view]);
  return (
    <section aria-labelledby="graph-title">
      <h2 id="graph-title" className="visually-hidden">
        Narrative graph
      </h2>
      <p className="muted legend">
        <span className="key key-sequence">chapter order</span>
        <span className="key key-conflict">advances a conflict</span>
        <span className="key key-character">names a character</span>
        <span className="key key-summary">arc covers a chapter</span>
        <span className="key key-cast">brings in a character</span> · click a chapter to read it
      </p>
      <div
        className="graph"
        data-testid="graph"
        onKeyDown={(e) => {
          // A focused chapter node opens with Enter, as a click does.
          if (e.key !== "Enter") return;
          const id = (e.target as HTMLElement).closest(".react-flow__node")?.getAttribute("data-id");
          const chapter = /^chapter-(\d+)$/.exec(id ?? "");
          if (chapter) {
            navigate({ page: "book", bookId: view.bookId, tab: "read", chapter: Number(chapter[1]) });
          }
        }}
      >
        <ReactFlow
          key={`${view.bookId}-${view.revision}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={FIT_VIEW}
          minZoom={0.1}
          nodesDraggable={false}
          nodesConnectable={false}
          proOptions={{ hideAttribution: false }}
          onNodeClick={(_, node) => {
            if (node.data.kind === "chapter" && node.data.chapter) {
              navigate({
                page: "book",
                bookId: view.bookId,
                tab: "read",
                chapter: node.data.chapter,
              });
            }
          }}
        >
          <Background />
          <Controls showInteractive={false} />
          <FitOnResize />
        </ReactFlow>
      </div>
    </section>
  );
}
