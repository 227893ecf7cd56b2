/**
 * What a reconcile loop is (a controller, the scheduler, the kubelets). It is generic in the
 * world it acts on so that this module, at the model's floor, imports nothing: controllers and
 * the world both depend on it, and neither has to import the other for the contract.
 */

/** Anything that reconciles the world: a controller, the scheduler, a kubelet. */
export interface Loop<W> {
  readonly name: string;
  /** Acts on what it sees now; returns true when it changed anything. */
  reconcile(world: W): boolean;
  /**
   * The next instant (ms) at which this loop would act although nothing in the
   * API changed: a back-off ending, a grace period running out. Loops that act
   * only on changes omit it. The world skips time in which no loop would act.
   */
  nextWakeAt?(world: W): number | undefined;
  /**
   * The control-plane program this loop runs inside (kube-controller-manager, kube-scheduler), set
   * by the world's builder: the loop acts only while that program runs, holds its leader lease and
   * reaches a serving API server. Loops outside the control plane (the kubelets, etcd) leave it unset.
   */
  component?: string;
  /**
   * Its timers are for heartbeats only (lease renewals: ApiServer.heartbeat), which no other loop
   * reads: when nothing else changed and no other loop's timer is due, the world runs it alone.
   */
  readonly renewsOnTimer?: boolean;
}

/** State a loop keeps outside the API (e.g. a kubelet's back-off timers); it must survive snapshots. */
export interface StatefulLoop<W> extends Loop<W> {
  saveState(): unknown;
  loadState(state: unknown): void;
}

export function isStateful<W>(loop: Loop<W>): loop is StatefulLoop<W> {
  return typeof (loop as Partial<StatefulLoop<W>>).saveState === "function";
}
