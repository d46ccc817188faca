/**
 * Relay's global object identifiers: the base64url of `Type:key`, the key being the row's primary key
 * (a commune's INSEE code, an EPCI's SIREN, a convention's number). Opaque to clients, unique across
 * types (`"1"` was both a Convention and an Objective), and decoded here for `Query.node` and for the
 * mutations' id arguments, which take either form.
 */
export function encodeGlobalId(typeName: string, key: string | number): string {
  return Buffer.from(`${typeName}:${key}`).toString("base64url");
}

/** The type name and key a global id stands for, or null when it is not one. */
export function decodeGlobalId(id: string): { typeName: string; key: string } | null {
  if (!/^[A-Za-z0-9_-]{4,400}$/.test(id)) return null;
  const text = Buffer.from(id, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0 || !/^[A-Za-z]\w*$/.test(text.slice(0, colon)) || encodeGlobalId(text.slice(0, colon), text.slice(colon + 1)) !== id)
    return null;
  return { typeName: text.slice(0, colon), key: text.slice(colon + 1) };
}
