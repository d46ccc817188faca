/** An enumeration's French labels, written once: the GraphQL descriptions of its values and the reports read them. */
export function describedBy<K extends string>(labels: Readonly<Record<K, string>>): Record<K, { description: string }> {
  return Object.fromEntries(Object.entries(labels).map(([value, label]) => [value, { description: label as string }])) as Record<
    K,
    { description: string }
  >;
}
