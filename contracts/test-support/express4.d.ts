// `express4` is the npm alias `express4@npm:express@4` (devDependency) that the SCIMMY test server runs
// on; its API surface used here is the same as express 5's, so it borrows express 5's types.
declare module "express4" {
  import express from "express";
  export = express;
}
