import { DatePrecision } from "../../src/common/date-precision";
import { ConventionStage, ConventionStatus } from "../../src/convention/convention-enums";
import { conventionStatus, inForceFrom, type ConventionDates } from "../../src/coverage/in-force";

const signed: ConventionDates = {
  stage: ConventionStage.SIGNED,
  signedOn: "2023-12-12",
  startsOn: "2023-01-01",
  endsOn: "2026-12-31",
  endsOnPrecision: DatePrecision.DAY,
  terminatedOn: null,
};

/** Canet-en-Roussillon: signed, "until 2026", signature and start unknown. */
const canet: ConventionDates = {
  stage: ConventionStage.SIGNED,
  signedOn: null,
  startsOn: null,
  endsOn: "2026-12-31",
  endsOnPrecision: DatePrecision.YEAR,
  terminatedOn: null,
};

describe("conventionStatus", () => {
  it.each([
    ["2023-12-11", ConventionStatus.IN_PREPARATION],
    ["2023-12-12", ConventionStatus.ACTIVE],
    ["2026-12-31", ConventionStatus.ACTIVE],
    ["2027-01-01", ConventionStatus.EXPIRED],
  ])("a CTG signed 2023-12-12 for 2023–2026 is, on %s, %s", (asOf, expected) => {
    expect(conventionStatus(signed, asOf)).toBe(expected);
  });

  it("is UPCOMING when signed before its period starts", () => {
    expect(conventionStatus({ ...signed, signedOn: "2022-11-30" }, "2022-12-15")).toBe(ConventionStatus.UPCOMING);
  });

  it("is IN_PREPARATION whatever the date while not signed", () => {
    expect(conventionStatus({ ...signed, stage: ConventionStage.IN_PREPARATION }, "2025-01-01")).toBe(ConventionStatus.IN_PREPARATION);
  });

  it("was in force until its early termination", () => {
    const terminated = { ...signed, stage: ConventionStage.TERMINATED, terminatedOn: "2025-03-01" };
    expect(conventionStatus(terminated, "2025-02-28")).toBe(ConventionStatus.ACTIVE);
    expect(conventionStatus(terminated, "2025-03-01")).toBe(ConventionStatus.TERMINATED);
  });

  it("treats an unknown end as open, and an unknown signature as no later than the start", () => {
    expect(conventionStatus({ ...signed, endsOn: null, endsOnPrecision: null }, "2040-01-01")).toBe(ConventionStatus.ACTIVE);
    expect(conventionStatus({ ...signed, signedOn: null }, "2023-01-01")).toBe(ConventionStatus.ACTIVE);
  });

  it.each([
    ["1990-06-30", ConventionStatus.UNKNOWN],
    ["2025-12-31", ConventionStatus.UNKNOWN],
    ["2026-01-01", ConventionStatus.ACTIVE],
    ["2026-12-31", ConventionStatus.ACTIVE],
    ["2027-01-01", ConventionStatus.EXPIRED],
  ])("counts a CTG with an unknown start (Canet, until 2026) from its first known date: on %s, %s", (asOf, expected) => {
    expect(inForceFrom(canet)).toBe("2026-01-01");
    expect(conventionStatus(canet, asOf)).toBe(expected);
  });

  it("takes the first known date from an end known to the month or day, or from a termination", () => {
    expect(inForceFrom({ ...canet, endsOn: "2026-06-30", endsOnPrecision: DatePrecision.MONTH })).toBe("2026-06-01");
    expect(inForceFrom({ ...canet, endsOnPrecision: DatePrecision.DAY })).toBe("2026-12-31");
    const terminated = { ...canet, stage: ConventionStage.TERMINATED, terminatedOn: "2025-03-01" };
    expect(inForceFrom(terminated)).toBe("2025-03-01");
    expect(conventionStatus(terminated, "2025-02-28")).toBe(ConventionStatus.UNKNOWN);
  });

  it("never counts a signed convention that nothing dates as ACTIVE", () => {
    const undated = { ...canet, endsOn: null, endsOnPrecision: null };
    expect(inForceFrom(undated)).toBeNull();
    for (const day of ["1990-01-01", "2025-06-30", "2100-01-01"]) expect(conventionStatus(undated, day)).toBe(ConventionStatus.UNKNOWN);
  });
});
