import type { WriteOp, WriteResult } from "../connectors/dataverse/client";
import type { DataverseStore } from "../connectors/dataverse/store";

/** Collects write operations and sends them in $batch requests of 1000 as they fill. */
export function batchWriter(store: DataverseStore, onResult: (key: string, result: WriteResult) => void) {
  let ops: WriteOp[] = [];
  let keys: string[] = [];
  const flush = async (): Promise<void> => {
    if (ops.length === 0) return;
    const [sent, sentKeys] = [ops, keys];
    ops = [];
    keys = [];
    const results = await store.write(sent);
    results.forEach((r, i) => onResult(sentKeys[i]!, r));
  };
  return {
    async add(op: WriteOp, key: string): Promise<void> {
      ops.push(op);
      keys.push(key);
      if (ops.length >= 1000) await flush();
    },
    flush,
  };
}
