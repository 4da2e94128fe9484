import { expect, it } from "vitest";
import { patchBody, setup } from "../test-support.ts";

it("folds emails sent with the same (type, value) twice into one, primary when either was (RFC 7643 §2.4)", async () => {
  const api = setup();
  const id = await api.createUser("alice", {
    emails: [
      { value: "a@x.org", type: "work" },
      { value: "a@x.org", type: "home" },
      { value: "a@x.org", type: "work", primary: true },
    ],
  });
  const read = await api.get(`/Users/${id}`);
  expect(read.body.emails).toEqual([
    { value: "a@x.org", type: "work", primary: true },
    { value: "a@x.org", type: "home" },
  ]);
});

it("a PATCH replace of emails with a repeated pair is folded too", async () => {
  const api = setup();
  const id = await api.createUser("bob", { emails: [{ value: "b@x.org", type: "work" }] });
  const res = await api.patch(
    `/Users/${id}`,
    patchBody({
      op: "replace",
      path: "emails",
      value: [
        { value: "b@x.org", type: "work" },
        { value: "b@x.org", type: "work" },
      ],
    }),
  );
  expect(res.body.emails).toEqual([{ value: "b@x.org", type: "work" }]);
});
