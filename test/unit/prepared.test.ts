import { PreparedStatements, RUNS_PER_CHOICE, SAMPLES_PER_WAY, StatementChoice } from "../../src/db/prepared";

describe("prepared statements", () => {
  it("prepares a statement once it has been seen three times, and at most `capacity` of them", () => {
    const statements = new PreparedStatements(2, 3);
    expect(statements.choiceFor("SELECT 1")).toBeUndefined();
    expect(statements.choiceFor("SELECT 1")).toBeUndefined();
    const first = statements.choiceFor("SELECT 1");
    expect(first?.name).toMatch(/^hub_[\w-]{20}$/);
    expect(statements.choiceFor("SELECT 1")).toBe(first);
    for (let i = 0; i < 3; i++) statements.choiceFor("SELECT 2");
    for (let i = 0; i < 5; i++) expect(statements.choiceFor("SELECT 3")).toBeUndefined();
  });

  it("tries both ways in turn, then keeps the one with the lower median", () => {
    const slowWhenNamed = new StatementChoice("s");
    const ways = new Set<string>();
    while (slowWhenNamed.choice === null) {
      const way = slowWhenNamed.next();
      ways.add(way);
      slowWhenNamed.record(way, way === "named" ? 4 : 2);
    }
    expect([...ways].sort()).toEqual(["named", "unnamed"]);
    expect(slowWhenNamed.choice).toBe("unnamed");
    expect(slowWhenNamed.next()).toBe("unnamed");

    const fastWhenNamed = new StatementChoice("f");
    for (let i = 0; i < SAMPLES_PER_WAY; i++) {
      fastWhenNamed.record("unnamed", 1.4);
      expect(fastWhenNamed.choice).toBeNull();
      fastWhenNamed.record("named", i === 0 ? 50 : 0.6);
    }
    expect(fastWhenNamed.choice).toBe("named");
  });

  it("tries both ways again after a while, as plans follow the data", () => {
    const choice = new StatementChoice("s");
    while (choice.choice === null) {
      const way = choice.next();
      choice.record(way, way === "named" ? 1 : 2);
    }
    expect(choice.choice).toBe("named");
    for (let i = 0; i < RUNS_PER_CHOICE; i++) expect(choice.next()).toBe("named");
    expect(new Set([choice.next(), choice.next()])).toEqual(new Set(["named", "unnamed"]));
    expect(choice.choice).toBeNull();
  });
});
