/**
 * got is ESM-only, and Jest cannot require an ES module on Node 22 (it can from Node 24.9).
 * Tests that load the HTTP client mock "got" with this, so that Node's own loader, which has
 * required ES modules since 22.12, loads the real library outside Jest's module registry.
 */
export function nativeGot(): unknown {
  // Jest hands out its own `node:module`, but its Module class still extends Node's.
  const { Module } = require("node:module") as { Module: HostModuleClass };
  const host = new Module(__filename);
  host.paths = Module._nodeModulePaths(__dirname);
  return host.require("got");
}

interface HostModuleClass {
  new (id: string): { paths: string[]; require(id: string): unknown };
  _nodeModulePaths(from: string): string[];
}
