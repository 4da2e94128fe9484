import { expect, it } from "vitest";
import { csvRecords, parseCsv } from "./csv-parse.ts";

it("splits plain fields and CRLF rows (RFC 4180 §2.1, §2.4)", () => {
  expect(parseCsv("a,b,c\r\n1,2,3\r\n").rows).toEqual([
    ["a", "b", "c"],
    ["1", "2", "3"],
  ]);
});

it("reads quoted fields with commas, doubled quotes and line breaks (§2.5–§2.7)", () => {
  const text = 'id,reason\n1,"Failed: ""userName"" is, well, taken\nsecond line"\n2,ok\n';
  const parsed = parseCsv(text);
  expect(parsed.rows).toEqual([
    ["id", "reason"],
    ["1", 'Failed: "userName" is, well, taken\nsecond line'],
    ["2", "ok"],
  ]);
  expect(parsed.lines).toEqual([1, 2, 4]);
});

it("keeps empty fields, a last line without newline, and drops the BOM and blank lines", () => {
  expect(parseCsv('\uFEFFa,b\n\n,x\n"",\ny,z').rows).toEqual([
    ["a", "b"],
    ["", "x"],
    ["", ""],
    ["y", "z"],
  ]);
});

it("reports an unterminated quote as truncation and keeps the rows before it", () => {
  const parsed = parseCsv('a,b\n1,2\n3,"never closed\n');
  expect(parsed.rows).toEqual([
    ["a", "b"],
    ["1", "2"],
  ]);
  expect(parsed.truncated).toEqual({ line: 3, reason: "a quoted field is not closed (truncated file?)" });
});

it("maps rows to the header, pads short rows and reports long ones with their line", () => {
  const { header, records, problems } = csvRecords(
    "Change ID,Action,Status\nc1,Create\nc2,Update,success,extra\n",
  );
  expect(header).toEqual(["Change ID", "Action", "Status"]);
  expect(records).toEqual([{ line: 2, values: { "Change ID": "c1", Action: "Create", Status: "" } }]);
  expect(problems).toEqual([{ line: 3, reason: "4 fields but the header has 3" }]);
});
