import type { GraphPart } from "../graph/declare";
import { Source } from "./source.entity";

/** Sources are read by the `sources` query (source.resolver.ts); declared as an entity, each is a Relay node. */
export const sourceGraph: GraphPart = { entities: [Source], roots: [], edges: [] };
