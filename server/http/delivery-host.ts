// With one delivery origin per package, a package's player, runtime calls and files answer only
// on that package's host name, so one package's script never shares an origin with another's.
import type { Context } from 'koa';
import { hostOf, type Origins } from '../core/origins.ts';

export function onPackageOrigin(ctx: Pick<Context, 'host'>, origins: Origins, packageId: string): boolean {
  if (!origins.perPackage) return true;
  return ctx.host.toLowerCase() === hostOf(origins.deliveryFor(packageId));
}
