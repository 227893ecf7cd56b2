/**
 * go-yaml v2's alias rules, which kubectl applies to every YAML manifest
 * (sigs.k8s.io/yaml decodes with it): an alias to an anchor not defined
 * before it is `unknown anchor 'x' referenced`; an anchor whose value
 * contains an alias to itself is `anchor 'x' value contains itself`; and a
 * document whose decoding is mostly alias expansion is refused with
 * `document contains excessive aliasing` (the billion-laughs guard). The
 * guard counts decode operations exactly as go-yaml's decoder.unmarshal does,
 * so ordinary aliases pass (150 aliases of one scalar are fine) and bombs stop
 * after a few thousand steps instead of expanding.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import { invalidMapKey, unsupportedMapKey } from "./go-yaml/map-keys.js";

// go-yaml v2 decode.go.
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

class AliasError extends Error {}

/**
 * The error decoding the document gives, or undefined: go-yaml's for its aliases and map keys
 * (with the "yaml: " prefix), then sigs.k8s.io/yaml's for a key JSON cannot hold (without).
 */
export function goYamlDecodeError(doc: Document): string | undefined {
  const anchors = new Map<string, Node>();
  const error = goYamlAliasError(doc, anchors);
  if (error !== undefined) return `yaml: ${error}`;
  return unsupportedMapKey(doc, anchors);
}

/** go-yaml's error for the document's aliases and map keys (without the "yaml: " prefix), or undefined when it decodes. */
export function goYamlAliasError(doc: Document, anchors = new Map<string, Node>()): string | undefined {
  let decodeCount = 1; // the document node itself
  let aliasCount = 0;
  let aliasDepth = 0;
  const expanding = new Set<string>();

  // Anchors resolve to the nearest definition before the alias, as go-yaml's parser records them.
  const defined = new Set<string>();
  function checkDefined(node: unknown): void {
    if (isAlias(node)) {
      if (!defined.has(node.source)) throw new AliasError(`unknown anchor '${node.source}' referenced`);
      return;
    }
    if (isScalar(node) || isMap(node) || isSeq(node)) {
      if (node.anchor) {
        // The anchor is in scope for aliases inside its own value (that is the self-reference case).
        defined.add(node.anchor);
        anchors.set(node.anchor, node);
      }
      if (isMap(node) || isSeq(node)) {
        for (const item of node.items) {
          if (isPair(item)) {
            checkDefined(item.key);
            checkDefined(item.value);
          } else checkDefined(item);
        }
      }
    }
  }

  function unmarshal(node: unknown): void {
    decodeCount++;
    if (aliasDepth > 0) aliasCount++;
    if (aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
      throw new AliasError("document contains excessive aliasing");
    }
    if (isAlias(node)) {
      if (expanding.has(node.source)) throw new AliasError(`anchor '${node.source}' value contains itself`);
      expanding.add(node.source);
      aliasDepth++;
      unmarshal(anchors.get(node.source));
      aliasDepth--;
      expanding.delete(node.source);
      return;
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          unmarshal(item.key);
          // d.mapping checks the decoded key before decoding its value.
          const badKey = invalidMapKey(item.key, anchors);
          if (badKey !== undefined) throw new AliasError(badKey);
          unmarshal(item.value);
        } else unmarshal(item);
      }
    }
  }

  try {
    checkDefined(doc.contents);
    // Anchors redefined later win for later aliases; a second pass with the final map is what
    // go-yaml's single pass sees for every alias that comes after its (last) anchor.
    unmarshal(doc.contents);
    return undefined;
  } catch (e) {
    if (e instanceof AliasError) return e.message;
    throw e;
  }
}
