import { responseMediaType } from "../../src/server/request-checks";

/** Which media type a request error is answered with, hence its status (200 for JSON, 400 for the GraphQL response type). */
describe("response media type", () => {
  it.each([
    [undefined, "json"],
    ["", "json"],
    ["application/json", "json"],
    ["*/*", "json"],
    ["application/*", "json"],
    ["application/json, application/graphql-response+json", "json"],
    ["application/graphql-response+json", "graphql-response"],
    ["application/graphql-response+json; charset=utf-8, application/json; q=0.9", "graphql-response"],
    ["application/json; q=0.5, application/graphql-response+json", "graphql-response"],
    ["application/graphql-response+json, */*; q=0.1", "graphql-response"],
    ["text/html", null],
    ["application/json; q=0", null],
  ])("accept %p → %p", (accept, expected) => {
    expect(responseMediaType(accept)).toBe(expected);
  });
});
