import { createLogger } from "../../src/common/logger";

describe("structured logs", () => {
  it("write JSON lines and never a token", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(line) });
    log.info({ requestId: "r-1", headers: { authorization: "Bearer secret.jwt.value" }, token: "secret.jwt.value" }, "graphql request");
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ requestId: "r-1", msg: "graphql request", service: "ctg-hub" });
    expect(lines[0]).not.toContain("secret.jwt.value");
  });
});
