import { Pacer } from "../../provider/client/pacing";

describe("Pacer", () => {
  it("spaces writes so that no window holds more than the limit", async () => {
    const pacer = new Pacer({ readsPerMinute: 60_000, writesPerMinute: 600 });
    const started = Date.now();

    for (let i = 0; i < 4; i++) await pacer.slot("POST");

    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 100);
  });
});
