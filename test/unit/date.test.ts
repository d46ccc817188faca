import { DateScalar, isIsoDate, todayInFrance } from "../../src/common/date";

describe("Date scalar", () => {
  it.each(["2024-02-29", "2026-12-31", "2000-01-01"])("accepts %s", (value) => {
    expect(isIsoDate(value)).toBe(true);
    expect(DateScalar.parseValue(value)).toBe(value);
  });

  it.each(["2023-02-29", "2026-13-01", "31/12/2026", "2026-1-1", "", "2026-12-31T00:00:00Z"])(
    "refuses %s with a clear message",
    (value) => {
      expect(isIsoDate(value)).toBe(false);
      expect(() => DateScalar.parseValue(value)).toThrow(/YYYY-MM-DD/);
    },
  );

  it("takes today in Paris, not in UTC", () => {
    expect(todayInFrance(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });
});
