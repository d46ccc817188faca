import { ConventionStage, ConventionStatus } from "../../src/convention/convention-enums";
import { conventionStatus, type ConventionDates } from "../../src/convention/convention-status";

const signed: ConventionDates = {
  stage: ConventionStage.SIGNED,
  signedOn: "2023-12-12",
  startsOn: "2023-01-01",
  endsOn: "2026-12-31",
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

  it("treats unknown bounds as open", () => {
    expect(conventionStatus({ ...signed, signedOn: null, startsOn: null }, "2020-01-01")).toBe(ConventionStatus.ACTIVE);
  });
});
