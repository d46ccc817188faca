import { cafFormatOf, isMaskedCell, isPlaceholderCode, isSummable } from "../../src/import/caf/caf-formats";
import { arrondissementCommune } from "../../src/import/caf/caf-geography";
import { parseReferenceYear } from "../../src/import/caf/caf-read";

describe("data.caf.fr files as published", () => {
  it("knows a format by its headers, whatever their case, and no other file", () => {
    expect(cafFormatOf(["dtreffre", "numcomdo", "nomcom", "indfoy_ndur"])?.dataset).toBe("s_ben_com_f");
    expect(cafFormatOf(["NUMCOM", "NOMCOM", "NUMEPCI", "ANNEE", "TXCOUV_COM"])?.dataset).toBe("txcouv_pe_com");
    expect(cafFormatOf(["numepci", "annee", "txcouv_eaje_epci"])?.dataset).toBe("txcouv_pe_epci");
    expect(cafFormatOf(["numepci", "annee", "tot_offre_epci"])?.dataset).toBe("nbpla_pe_epci");
    // An ordinary indicators file with open-data aliases, and a former portal's file, are not of these formats.
    expect(cafFormatOf(["numcom", "annee", "valeur"])).toBeNull();
    expect(cafFormatOf(["NOMEPCI", "NUMEPCI", "DEPSEPCI", "DTREF", "NB_Pers_par_Foyer_Alloc", "NB_Enfants"])).toBeNull();
  });

  it("tells a masked cell from a malformed one", () => {
    for (const masked of ["", "  ", "s", "S", "secret", "nd", "ND", "n.d.", "nc", "<5", "< 5", null, undefined]) {
      expect(isMaskedCell(masked)).toBe(true);
    }
    for (const malformed of ["12a", "x", "-", "5<", 0, 12]) expect(isMaskedCell(malformed)).toBe(false);
    expect(["XX", "XXX", "04XXX"].map(isPlaceholderCode)).toEqual([true, true, true]);
    expect(["52121", "2A004", "200068658"].map(isPlaceholderCode)).toEqual([false, false, false]);
  });

  it("reads the reference month of December, or the year", () => {
    for (const text of ["2023-12", "202312", "2023-12-31", "31/12/2023"])
      expect(parseReferenceYear(text, true)).toEqual({ ok: true, value: 2023 });
    expect(parseReferenceYear("2023", false)).toEqual({ ok: true, value: 2023 });
    expect(parseReferenceYear(2023, false)).toEqual({ ok: true, value: 2023 });
    expect(parseReferenceYear("2023-06", true)).toMatchObject({ ok: false, reason: expect.stringContaining("décembre attendu") });
    expect(parseReferenceYear("2023-13", false)).toMatchObject({ ok: false });
    expect(parseReferenceYear("deux mille", false)).toMatchObject({ ok: false, reason: expect.stringContaining("année attendue") });
  });

  it("counts arrondissements in their commune, and sums counts but never rates", () => {
    expect(["75101", "75120", "69381", "69389", "13201", "13216"].map(arrondissementCommune)).toEqual([
      "75056",
      "75056",
      "69123",
      "69123",
      "13055",
      "13055",
    ]);
    expect(["75121", "75056", "69380", "13217", "52121"].map(arrondissementCommune)).toEqual([null, null, null, null, null]);
    expect(["indfoy_ndur", "indnbp_ndur", "indmtt_rsa", "tot_offre_epci"].map(isSummable)).toEqual([true, true, true, true]);
    expect(["txcouv_com", "txcouv_eaje_epci"].map(isSummable)).toEqual([false, false]);
  });
});
