import { findHostXrm, type XrmLike } from "./xrm-like";

const xrm: XrmLike = {
  WebApi: {
    retrieveRecord: () => Promise.resolve({}),
    retrieveMultipleRecords: () => Promise.resolve({ entities: [] }),
    createRecord: () => Promise.resolve({ id: "1" }),
    updateRecord: () => Promise.resolve({}),
  },
};

describe("findHostXrm", () => {
  it("prefers an Xrm the page itself was given (a local host)", () => {
    expect(findHostXrm({ Xrm: xrm, parent: {} } as unknown as Window)).toBe(xrm);
  });

  it("uses the opener's Xrm inside a Dynamics dialog", () => {
    expect(findHostXrm({ parent: { Xrm: xrm } } as unknown as Window)).toBe(xrm);
  });

  it("finds none when the page is opened on its own or across origins", () => {
    expect(findHostXrm({ parent: {} } as unknown as Window)).toBeUndefined();
    const crossOrigin = {
      get parent(): never {
        throw new DOMException("Blocked a frame from accessing a cross-origin frame.", "SecurityError");
      },
    };
    expect(findHostXrm(crossOrigin as unknown as Window)).toBeUndefined();
  });
});
