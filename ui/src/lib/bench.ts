import type { FamilyStatus } from '../bindings/FamilyStatus';
import type { MemberStatus } from '../bindings/MemberStatus';

/**
 * bench/startup's milestones. Under HOKEN_WALLET_BENCH=1 (`bench_mode` is true) the UI marks
 * `home-rendered` once home shows the family, `home-painted` once its thumbnails are decoded,
 * then opens clinic mode for the first member by itself (`clinic-tap` just before), marks
 * `clinic-ready` once the document image is decoded, and `done` (the app quits). Outside
 * bench mode none of this runs: the one `bench_mode` call at launch is answered at once.
 */

/** Resolves when every image under `root` is loaded and decoded (failures count as done). */
export async function imagesDecoded(root: ParentNode): Promise<void> {
  const images = [...root.querySelectorAll('img')];
  await Promise.all(
    images.map((img) =>
      typeof img.decode === 'function' ? img.decode().catch(() => undefined) : Promise.resolve(undefined),
    ),
  );
}

export interface BenchDeps {
  /** Whether bench mode is on (asked once at launch). */
  enabled: Promise<boolean>;
  mark: (name: string) => Promise<unknown>;
  /** Opens clinic mode for a member. */
  openClinic: (member: MemberStatus) => void;
}

export class Bench {
  private started = false;
  private finished = false;
  on = false;

  constructor(private deps: BenchDeps) {
    void deps.enabled.then((on) => (this.on = on)).catch(() => undefined);
  }

  /** Home is rendered (`root` holds its thumbnails): mark and open the first member. */
  async homePainted(root: ParentNode, family: FamilyStatus): Promise<void> {
    if (this.started || !(await this.deps.enabled.catch(() => false))) return;
    this.started = true;
    await this.deps.mark('home-rendered');
    await imagesDecoded(root);
    await this.deps.mark('home-painted');
    const first = family.members[0];
    if (!first) {
      await this.finish();
      return;
    }
    await this.deps.mark('clinic-tap');
    this.deps.openClinic(first);
  }

  /** Clinic mode is ready (fields shown, image decoded). */
  async clinicReady(): Promise<void> {
    if (!this.started || this.finished) return;
    await this.deps.mark('clinic-ready');
    await this.finish();
  }

  private async finish(): Promise<void> {
    this.finished = true;
    await this.deps.mark('done');
  }
}
