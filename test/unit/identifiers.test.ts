import { isRna, isValidSiren } from "../../src/common/identifiers";

describe("official identifiers", () => {
  it.each(["200044253", "200066918", "215201807"])("accepts the real SIREN %s", (siren) => {
    expect(isValidSiren(siren)).toBe(true);
  });

  it.each(["200044254", "12345678", "20004425A"])("refuses %s (wrong key or form)", (siren) => {
    expect(isValidSiren(siren)).toBe(false);
  });

  it("checks the RNA form, Corsica included", () => {
    expect(isRna("W523000001")).toBe(true);
    expect(isRna("W2A1000123")).toBe(true);
    expect(isRna("W12345")).toBe(false);
    expect(isRna("523000001")).toBe(false);
  });
});
