/**
 * The API server: every read and write of the model's state goes through
 * here, from kubectl verbs, controllers, the kubelet and the grader alike.
 * Writes pass admission in the real order (strict decoding, defaulting,
 * validation), then the registry's own rules (names, namespaces, IP
 * allocation, generation, resourceVersion) before reaching the store.
 */
import { isQuantity, milliValue } from "../core/quantity.js";
import type { Clock } from "../core/clock.js";
import type { Rng } from "../core/random.js";
import { matches, type Selector } from "../core/labels.js";
import {
  type ApiError,
  alreadyExists,
  apiError,
  conflict,
  invalid,
  notFound,
  type FieldError,
} from "./errors.js";
import { type KindInfo, kindNamed, apiVersionOf, qualifiedKind, qualifiedResource } from "./kinds.js";
import { CONTROLLER_INDEX, EVENT_KEY_INDEX, eventKey, type ChangeCursor, type ObjectStore } from "./store.js";
import type { KubeObject, StoredObject } from "./types.js";
import type { ServiceAllocator } from "./allocators.js";
import { runMutatingAdmission, runValidatingAdmission } from "./admission/plugins/chain.js";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { applyMatchLabelKeysAndMismatchLabelKeys } from "./pod-affinity-label-keys.js";
import type { AdmissionAttributes, AdmissionLookup } from "./admission/plugins/plugin.js";
import { readPodLog, type LogLine, type PodLogRequest, type PodLogSource } from "./pod-log.js";
import type { Pod } from "./types.js";
import { authorize, type Decision, type RbacSource, type RequestAttributes } from "./auth/rbac.js";
import { rbacSourceOf } from "./auth/store-source.js";
import { requestView } from "./auth/request-view.js";
import type { UserInfo } from "./auth/user.js";
import { generateJobSelector } from "./job-selector.js";
import { keepCsrSpecAndStatus, prepareApprovalUpdate, prepareCsrForCreate } from "./certificates-strategy.js";
import { validateCertificateSigningRequest } from "./admission/validation-certificates.js";
import { changedPaths, type RequestTrace } from "./trace.js";
import { storageKey } from "./storage-keys.js";
import { evictPod, type EvictionSuccess } from "./policy/eviction.js";
import { providersFor, readStored, writePrefix, type EncryptionConfiguration } from "./encryption/config.js";

/** The admission steps the server runs, supplied by src/sim/api/admission. */
export interface Admission {
  /** Unknown fields and type mismatches; a message in the API's words, or undefined. */
  decodeStrict(obj: KubeObject, info: KindInfo): string | undefined;
  /** Returns the object with the API server's defaults filled in. */
  applyDefaults(obj: KubeObject, info: KindInfo): KubeObject;
  /** Semantic validation; `old` is set on update. */
  validate(obj: KubeObject, info: KindInfo, old?: StoredObject): FieldError[];
}

export interface WriteOptions {
  /** `--dry-run=server`: run admission, store nothing. */
  dryRun?: boolean;
  /**
   * The body was built by a component of the model (an Event, a pod from a
   * template that was decoded when its owner was written), not read from a
   * client's JSON: strict decoding, a check of JSON types and field names, is
   * skipped. Defaulting, validation and admission still run.
   */
  builtByModel?: boolean;
  /** Who sent the request, when a user did (request-view.ts sets it): what the CSR strategy and CertificateApproval read. */
  requester?: UserInfo;
}

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: PropagationPolicy;
  /** Overrides the pod's terminationGracePeriodSeconds; 0 deletes at once. */
  gracePeriodSeconds?: number;
}

export interface ListOptions {
  labelSelector?: Selector;
  /** Field selector as key → value (metadata.name, metadata.namespace, spec.nodeName, status.phase, ...). */
  fieldSelector?: Record<string, string>;
}

/** An accepted write may carry admission's warnings, which the client prints (`Warning: ...`). */
export type Result<T> = { ok: true; value: T; warnings?: string[] } | { ok: false; error: ApiError };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const POD_INFO = kindNamed("Pod")!;
const fail = <T>(error: ApiError): Result<T> => ({ ok: false, error });
const withWarnings = <T>(result: Result<T>, warnings: readonly string[]): Result<T> => (result.ok && warnings.length > 0 ? { ...result, warnings: [...warnings] } : result);

/** Kinds whose spec changes bump metadata.generation (those with a status.observedGeneration). */
const GENERATION_KINDS = new Set([
  "Deployment",
  "ReplicaSet",
  "DaemonSet",
  "StatefulSet",
  "Job",
  "CronJob",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
  "Ingress",
  "NetworkPolicy",
  "ReplicationController",
]);

export class ApiServer {
  /** Who answers `pods/log`: the kubelets (see pod-log.ts). */
  private podLogSource: PodLogSource | undefined;
  /** While `sim trace` watches a command: what this server does with its users' requests. */
  tracer: RequestTrace | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly admission: Admission,
    private readonly services: ServiceAllocator,
  ) {}

  /** What RBAC reads: this server's Roles, ClusterRoles and bindings. */
  rbacSource(): RbacSource {
    return rbacSourceOf(this.store);
  }

  /** The authorizer chain (system:masters, then RBAC) on this server's Roles and bindings. */
  authorize(attrs: RequestAttributes): Decision {
    return authorize(this.rbacSource(), attrs);
  }

  /** The server as one authenticated user's requests reach it: each one authorized before admission (auth/request-view.ts). */
  as(user: UserInfo, onWarnings?: (warnings: string[]) => void): ApiServer {
    return requestView(
      this,
      user,
      (attrs) => {
        const decision = this.authorize(attrs);
        this.tracer?.authorized(attrs, decision);
        return decision;
      },
      onWarnings,
      (info, objects, list) => this.unreadable(info, objects, list),
    );
  }

  /**
   * The error a client's read meets when a stored value cannot be decrypted with the
   * EncryptionConfiguration in force (a key removed, identity dropped while old values are still
   * plain): etcd3's store wraps the transformer's error in an internal error, a list naming the key
   * (store.go: Get's storage.NewInternalError, GetList's "unable to transform key %q: %w").
   */
  private unreadable(info: KindInfo, objects: readonly StoredObject[], list: boolean): ApiError | undefined {
    const config = this.encryption?.config;
    if (!config || providersFor(config, info.group, info.plural).length === 0) return undefined;
    for (const obj of objects) {
      const key = storageKey(info, obj.metadata.namespace, obj.metadata.name);
      const read = readStored(config, info.group, info.plural, this.store.encodingOf(key));
      if (!read.ok) return apiError(500, "InternalError", `Internal error occurred: ${list ? `unable to transform key "${key}": ` : ""}${read.error}`);
    }
    return undefined;
  }

  /** The kubelets register here, as the API server reaches the node's kubelet for logs. */
  setPodLogSource(source: PodLogSource): void {
    this.podLogSource = source;
  }

  /** GET /api/v1/namespaces/NS/pods/NAME/log. */
  podLog(namespace: string, name: string, request: PodLogRequest): Result<LogLine[]> {
    const pod = this.store.get(POD_INFO, namespace, name) as Pod | undefined;
    if (!pod) return fail(notFound("pods", name));
    return readPodLog(pod, request, this.podLogSource);
  }

  /** A token that moves whenever an object controlled by `owner` (undefined: one without a controller) is written or removed. */
  controlledByVersion(info: KindInfo, owner: StoredObject | undefined): string {
    return this.store.indexVersion(info, CONTROLLER_INDEX, owner?.metadata.uid ?? "");
  }

  /** Where a reader of the change log is now (ObjectStore.cursor). */
  cursor(): ChangeCursor {
    return this.store.cursor();
  }

  /** Storage keys of the kind written or removed since `cursor`; undefined: look at everything (ObjectStore.changedSince). */
  changedSince(info: KindInfo, cursor: ChangeCursor | undefined): Set<string> | undefined {
    return this.store.changedSince(info, cursor);
  }

  /** A token that changes whenever an object of the kind is written or removed (ObjectStore.changesOf). */
  changesOf(info: KindInfo): string {
    return this.store.changesOf(info);
  }

  get(info: KindInfo, namespace: string | undefined, name: string): Result<StoredObject> {
    const found = this.store.get(info, namespace, name);
    return found ? ok(found) : fail(notFound(qualifiedResource(info), name));
  }

  /**
   * Returns undefined rather than an error: for controllers that look up optional objects.
   * Like every read, it returns the stored object itself, deep-frozen: copy it before changing it.
   */
  find<T extends StoredObject = StoredObject>(info: KindInfo, namespace: string | undefined, name: string): T | undefined {
    return this.store.get(info, namespace, name) as T | undefined;
  }

  list<T extends StoredObject = StoredObject>(info: KindInfo, namespace?: string, options: ListOptions = {}): T[] {
    const fields = Object.entries(options.fieldSelector ?? {});
    // A field selector on an indexed field starts from the index instead of every object of the kind.
    // (An empty value also matches objects without the field, which no index holds.)
    const indexed = fields.find(([path, want]) => want !== "" && this.store.indexes(info, path));
    let items = indexed ? this.store.listIndexed(info, indexed[0], indexed[1], namespace) : this.store.list(info, namespace);
    if (options.labelSelector) {
      const selector = options.labelSelector;
      items = items.filter((o) => matches(o.metadata.labels, selector));
    }
    if (fields.length > 0) {
      items = items.filter((o) => fields.every(([path, want]) => String(readPath(o, path) ?? "") === want));
    }
    return items as T[];
  }

  /**
   * The objects of a kind whose controller is `owner` (or, with owner
   * undefined, those without a controller) in one namespace, from the store's
   * index: what a controller's informer cache gives it.
   */
  listControlledBy<T extends StoredObject = StoredObject>(info: KindInfo, namespace: string, owner: StoredObject | undefined): T[] {
    return this.store.listIndexed(info, CONTROLLER_INDEX, owner?.metadata.uid ?? "", namespace) as T[];
  }

  /** The event in `namespace` recording the same occurrence (same object, reason, message, source, field path), if any. */
  findSameEvent<T extends StoredObject = StoredObject>(info: KindInfo, namespace: string, event: Parameters<typeof eventKey>[0]): T | undefined {
    return this.store.listIndexed(info, EVENT_KEY_INDEX, eventKey(event), namespace)[0] as T | undefined;
  }

  create<T extends StoredObject = StoredObject>(
    info: KindInfo,
    input: KubeObject,
    namespace: string | undefined,
    options: WriteOptions = {},
  ): Result<T> {
    // Admission works on a private copy: the input may be a (frozen) object read from the store.
    let obj = structuredClone(input) as KubeObject & { metadata: NonNullable<KubeObject["metadata"]> };
    const decodeError = options.builtByModel ? undefined : this.admission.decodeStrict(obj, info);
    if (decodeError) return fail(apiError(400, "BadRequest", decodeError));
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    obj.metadata = { ...(obj.metadata ?? {}) };
    const meta = obj.metadata;

    if (info.namespaced) meta.namespace = meta.namespace ?? namespace ?? "default";
    else delete meta.namespace;

    if (!meta.name && meta.generateName) meta.name = this.uniqueGeneratedName(info, meta.namespace, meta.generateName);
    if (info.kind === "CertificateSigningRequest") prepareCsrForCreate(obj, options.requester);
    const trace = options.requester ? this.tracer : undefined;
    const undefaulted = trace ? structuredClone(obj) : undefined;
    obj = this.admission.applyDefaults(obj, info) as typeof obj;
    trace?.admitted({ step: "defaulting", phase: "defaulting", changed: changedPaths(undefaulted, obj) });
    const attributes = this.attributes("CREATE", info, obj, undefined, options.dryRun === true, options.requester);
    const observe = trace ? (step: Parameters<RequestTrace["admitted"]>[0]) => trace.admitted(step) : undefined;
    const refusedWrite = (error: ApiError) => {
      trace?.refused("create", info.kind, obj.metadata.namespace, obj.metadata.name ?? "");
      return fail<T>(error);
    };
    const refused = runMutatingAdmission(attributes, observe);
    if (refused) return refusedWrite(refused);
    if (!obj.metadata.name) {
      return fail(
        invalid(info.kind, qualifiedKind(info), "", [
          { field: "metadata.name", type: "Required value", detail: "name or generateName is required" },
        ]),
      );
    }

    // The Job strategy needs the uid before validation (its selector is generated from it).
    const uid = info.kind === "Job" ? this.rng.uuid() : undefined;
    if (uid !== undefined) generateJobSelector(obj, uid);
    if (info.kind === "Pod") applyMatchLabelKeysAndMismatchLabelKeys(obj.spec as IPodSpec | undefined, obj.metadata.labels);
    const errors = this.admission.validate(obj, info);
    const invalidCreate = errors.length > 0 ? invalid(info.kind, qualifiedKind(info), obj.metadata.name!, errors) : undefined;
    trace?.admitted({ step: "validation", phase: "validation", changed: [], ...(invalidCreate ? { refused: invalidCreate.message } : {}) });
    if (invalidCreate) return refusedWrite(invalidCreate);
    const refusedByValidation = runValidatingAdmission({ ...attributes, name: obj.metadata.name! }, observe);
    if (refusedByValidation) return refusedWrite(refusedByValidation);

    if (this.store.get(info, obj.metadata.namespace, obj.metadata.name!)) {
      return fail(alreadyExists(qualifiedResource(info), obj.metadata.name!));
    }

    if (info.kind === "Service") {
      const allocation = this.services.allocate(obj, options.dryRun === true);
      if (!allocation.ok) return fail(allocation.error);
    }

    const stored = obj as StoredObject;
    stored.metadata.uid = uid ?? this.rng.uuid();
    stored.metadata.creationTimestamp = this.clock.nowIso();
    if (GENERATION_KINDS.has(info.kind)) stored.metadata.generation = 1;
    initialStatus(stored);
    if (options.dryRun) {
      stored.metadata.resourceVersion = String(this.store.currentResourceVersion());
      return withWarnings(ok(stored as T), attributes.warnings);
    }
    stored.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.store.put(info, stored);
    trace?.stored({ operation: "create", kind: info.kind, namespace: stored.metadata.namespace, name: stored.metadata.name, key: storageKey(info, stored.metadata.namespace, stored.metadata.name), revision: Number(stored.metadata.resourceVersion), uid: stored.metadata.uid });
    return withWarnings(ok(this.store.get(info, stored.metadata.namespace, stored.metadata.name) as T), attributes.warnings);
  }

  /**
   * Replaces an object's spec and metadata (status is kept from the stored
   * object, as the main resource endpoint ignores status). A resourceVersion
   * in the input must match the stored one, else 409 Conflict.
   */
  update<T extends StoredObject = StoredObject>(info: KindInfo, input: KubeObject, options: WriteOptions = {}): Result<T> {
    return this.write(info, input, "main", options);
  }

  /**
   * PUT certificatesigningrequests/NAME/approval (`kubectl certificate approve|deny`): only the
   * Approved/Denied conditions change, validated as the approval strategy does; then the
   * CertificateApproval plugin checks the requester may approve for the request's signer.
   */
  updateApproval<T extends StoredObject = StoredObject>(input: KubeObject, options: WriteOptions = {}): Result<T> {
    const info = kindNamed("CertificateSigningRequest")!;
    const name = input.metadata?.name ?? "";
    const old = this.store.get(info, undefined, name);
    if (!old) return fail(notFound(qualifiedResource(info), name));
    const inputRv = input.metadata?.resourceVersion;
    if (inputRv && inputRv !== old.metadata.resourceVersion) {
      return fail(conflict(qualifiedResource(info), name, "the object has been modified; please apply your changes to the latest version and try again"));
    }
    const next = prepareApprovalUpdate(input, old, this.clock.nowIso()) as StoredObject;
    const errors = validateCertificateSigningRequest(next, old, { allowSettingApprovalConditions: true });
    if (errors.length > 0) return fail(invalid(info.kind, qualifiedKind(info), name, errors));
    const refused = runValidatingAdmission({ ...this.attributes("UPDATE", info, next, old, options.dryRun === true, options.requester), subresource: "approval" });
    if (refused) return fail(refused);
    if (JSON.stringify(next) === JSON.stringify(old) || options.dryRun) return ok((options.dryRun ? next : old) as T);
    next.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.store.put(info, next);
    return ok(this.store.get(info, undefined, name) as T);
  }

  /** The status subresource: only status changes; no admission beyond the kind. */
  updateStatus<T extends StoredObject = StoredObject>(info: KindInfo, input: KubeObject): Result<T> {
    return this.write(info, input, "status", {});
  }

  private write<T extends StoredObject>(
    info: KindInfo,
    input: KubeObject,
    subresource: "main" | "status",
    options: WriteOptions,
  ): Result<T> {
    const name = input.metadata?.name ?? "";
    const namespace = info.namespaced ? input.metadata?.namespace ?? "default" : undefined;
    const old = this.store.get(info, namespace, name);
    if (!old) return fail(notFound(qualifiedResource(info), name));
    const inputRv = input.metadata?.resourceVersion;
    if (inputRv && inputRv !== old.metadata.resourceVersion) {
      return fail(
        conflict(qualifiedResource(info), name, "the object has been modified; please apply your changes to the latest version and try again"),
      );
    }

    let next: StoredObject;
    const warnings: string[] = [];
    if (subresource === "status") {
      // Only status and the resourceVersion change: the rest is shared with the stored (frozen) version.
      next = { ...old, metadata: { ...old.metadata }, status: structuredClone(input.status) };
    } else {
      const candidate = structuredClone(input) as KubeObject;
      const decodeError = options.builtByModel ? undefined : this.admission.decodeStrict(candidate, info);
      if (decodeError) return fail(apiError(400, "BadRequest", decodeError));
      candidate.apiVersion = apiVersionOf(info);
      candidate.kind = info.kind;
      candidate.metadata = {
        ...candidate.metadata,
        name: old.metadata.name,
        namespace: old.metadata.namespace,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        ...(old.metadata.deletionTimestamp ? { deletionTimestamp: old.metadata.deletionTimestamp } : {}),
      };
      if (!info.namespaced) delete candidate.metadata.namespace;
      if (info.kind === "CertificateSigningRequest") keepCsrSpecAndStatus(candidate, old);
      const defaulted = this.admission.applyDefaults(candidate, info);
      if (info.kind === "Service") this.services.keepAllocation(defaulted, old);
      const trace = options.requester ? this.tracer : undefined;
      const errors = this.admission.validate(defaulted, info, old);
      const invalidUpdate = errors.length > 0 ? invalid(info.kind, qualifiedKind(info), name, errors) : undefined;
      trace?.admitted({ step: "validation", phase: "validation", changed: [], ...(invalidUpdate ? { refused: invalidUpdate.message } : {}) });
      if (invalidUpdate) {
        trace?.refused("update", info.kind, namespace, name);
        return fail(invalidUpdate);
      }
      const updateAttributes = this.attributes("UPDATE", info, defaulted as StoredObject, old, options.dryRun === true, options.requester);
      const refusedOnUpdate = runValidatingAdmission(updateAttributes, trace ? (step) => trace.admitted(step) : undefined);
      if (refusedOnUpdate) {
        trace?.refused("update", info.kind, namespace, name);
        return fail(refusedOnUpdate);
      }
      warnings.push(...updateAttributes.warnings);
      next = defaulted as StoredObject;
      if ("status" in old) next.status = old.status;
      else delete next.status;
      if (GENERATION_KINDS.has(info.kind)) {
        const specChanged = JSON.stringify(next.spec) !== JSON.stringify(old.spec);
        next.metadata.generation = (old.metadata.generation ?? 1) + (specChanged ? 1 : 0);
      }
    }

    const unchanged = subresource === "status" ? JSON.stringify(next.status) === JSON.stringify(old.status) : JSON.stringify(next) === JSON.stringify(old);
    // An unchanged object is still written when it is not stored as the first provider writes (etcd3 store's GuaranteedUpdate: stale data).
    if (unchanged && !(subresource === "main" && this.storedStale(info, namespace, name))) return withWarnings(ok(old as T), warnings);
    if (options.dryRun) return withWarnings(ok(next as T), warnings);
    next.metadata.resourceVersion = String(this.store.nextResourceVersion());
    // An object whose deletion waits only on finalizers goes once they are gone.
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && info.kind !== "Pod" && info.kind !== "Namespace") {
      this.store.remove(info, namespace, name);
      return withWarnings(ok(next as T), warnings);
    }
    this.store.put(info, next);
    if (options.requester) this.tracer?.stored({ operation: "update", kind: info.kind, namespace, name, key: storageKey(info, namespace, name), revision: Number(next.metadata.resourceVersion), uid: next.metadata.uid });
    return withWarnings(ok(this.store.get(info, namespace, name) as T), warnings);
  }

  /**
   * Deletes an object. Pods bound to a node and objects with finalizers are
   * only marked (deletionTimestamp); the kubelet or the finalizer's owner
   * completes the deletion. Dependents are the garbage collector's concern.
   */
  delete(info: KindInfo, namespace: string | undefined, name: string, options: DeleteOptions = {}): Result<StoredObject> {
    const old = this.store.get(info, namespace, name);
    if (!old) return fail(notFound(qualifiedResource(info), name));
    if (options.dryRun) return ok(old);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    const policy = options.propagationPolicy ?? "Background";
    if (policy === "Orphan" && !finalizers.includes("orphan")) finalizers.push("orphan");
    if (policy === "Foreground" && !finalizers.includes("foregroundDeletion")) finalizers.push("foregroundDeletion");

    const graceful = info.kind === "Pod" && Boolean((old.spec as { nodeName?: string } | undefined)?.nodeName) && options.gracePeriodSeconds !== 0;
    const isNamespace = info.kind === "Namespace";
    const traceDelete = (revision: number) =>
      options.requester && this.tracer?.stored({ operation: "delete", kind: info.kind, namespace, name, key: storageKey(info, namespace, name), revision, uid: old.metadata.uid });
    if (finalizers.length === 0 && !graceful && !isNamespace) {
      this.store.remove(info, namespace, name);
      traceDelete(this.store.currentResourceVersion());
      return ok(old);
    }
    if (old.metadata.deletionTimestamp) return ok(old);
    const marked: StoredObject = { ...old, metadata: { ...old.metadata } };
    marked.metadata.deletionTimestamp = this.clock.nowIso();
    if (finalizers.length > 0) marked.metadata.finalizers = finalizers;
    if (graceful) {
      const grace = options.gracePeriodSeconds ?? (old.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ?? 30;
      marked.metadata.deletionGracePeriodSeconds = grace;
    }
    if (isNamespace) marked.status = { phase: "Terminating" };
    marked.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.store.put(info, marked);
    traceDelete(Number(marked.metadata.resourceVersion));
    return ok(this.store.get(info, namespace, name)!);
  }

  /**
   * The pods/binding subresource: sets spec.nodeName, which a plain update may
   * not change. Fails with 409 if the pod is already bound, as the API does.
   */
  bind(namespace: string, podName: string, nodeName: string): Result<StoredObject> {
    const info = kindNamed("Pod")!;
    const stored = this.store.get(info, namespace, podName);
    if (!stored) return fail(notFound("pods", podName));
    const pod: StoredObject = { ...stored, metadata: { ...stored.metadata }, spec: { ...(stored.spec ?? {}) } };
    const spec = pod.spec as { nodeName?: string };
    if (spec.nodeName) {
      return fail(conflict("pods", podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`));
    }
    spec.nodeName = nodeName;
    pod.spec = spec;
    pod.metadata.resourceVersion = String(this.store.nextResourceVersion());
    this.store.put(info, pod);
    return ok(this.store.get(info, namespace, podName)!);
  }

  /**
   * The pods/eviction subresource: a delete that the pod's PodDisruptionBudget may refuse
   * with 429 (policy/eviction.ts). `options` are the Eviction's deleteOptions.
   */
  evict(namespace: string, podName: string, options: DeleteOptions = {}): Result<EvictionSuccess> {
    return evictPod(this, this.clock.nowIso(), namespace, podName, options);
  }

  /** Removes an object outright: for the kubelet and controllers completing a deletion. */
  finalizeDeletion(info: KindInfo, namespace: string | undefined, name: string): void {
    this.store.remove(info, namespace, name);
  }

  /** The EncryptionConfiguration the running kube-apiserver read at start (--encryption-provider-config), with the file it came from. */
  private encryption: { path: string; text: string; config: EncryptionConfiguration } | undefined;

  /**
   * What kube-apiserver loaded from --encryption-provider-config when it last started (undefined:
   * no such flag): from now on writes of the resources it lists are stored behind its first
   * provider's prefix. kadet's API servers of an HA cluster share one store and one such
   * configuration: the one the last kube-apiserver to start read.
   */
  setEncryption(loaded: { path: string; text: string; config: EncryptionConfiguration } | undefined): void {
    this.encryption = loaded;
    const config = loaded?.config;
    this.store.encryptWritesWith(config ? (info) => writePrefix(config, info.group, info.plural) : undefined);
  }

  /** The configuration in force (path and text), for a world's snapshot. */
  encryptionSource(): { path: string; text: string } | undefined {
    return this.encryption && { path: this.encryption.path, text: this.encryption.text };
  }

  /** Whether a stored object would be rewritten by an update that changes nothing: it is not stored as the first provider writes (upstream's "stale" read). */
  private storedStale(info: KindInfo, namespace: string | undefined, name: string): boolean {
    const stored = this.store.encodingOf(storageKey(info, namespace, name));
    if (this.encryption === undefined) return stored !== "";
    const read = readStored(this.encryption.config, info.group, info.plural, stored);
    return read.ok && read.stale;
  }

  /** The storage as etcd holds it, for the etcd model (sim/etcd): its keys for etcdctl, a snapshot's contents on restore. */
  etcdStorage(): ObjectStore {
    return this.store;
  }

  resourceVersion(): number {
    return this.store.currentResourceVersion();
  }

  /** How many writes were heartbeats (see heartbeat). */
  private heartbeats = 0;

  /**
   * A lease renewal (a kubelet's node lease, a leader's election lease): only the spec fields given
   * change, under a new resourceVersion like any write. Nothing but the lease's own holder and its
   * watchers (node lifecycle, the other candidates) reads leases, and those act on their timers, so a
   * renewal does not move writeMark: 5,000 kubelets renewing every 10 s wake no other loop.
   * Returns false when the lease is gone.
   */
  heartbeat(info: KindInfo, namespace: string, name: string, spec: Record<string, unknown>): boolean {
    if (!this.store.putSpecFields(info, namespace, name, spec)) return false;
    this.heartbeats++;
    return true;
  }

  /** A number that moves on every write but heartbeats: what loops that wake on changes compare. */
  writeMark(): number {
    return this.store.currentResourceVersion() - this.heartbeats;
  }

  /** What admission plugins may read: this server's store, by kind name; and the quota charge ResourceQuota writes. */
  private readonly lookup: AdmissionLookup = {
    chargeQuota: (quota, used) => {
      const info = kindNamed("ResourceQuota")!;
      const status = { ...((quota.status ?? {}) as object), used };
      this.write(info, { ...quota, status }, "status", {});
    },
    find: (kind, namespace, name) => {
      const info = kindNamed(kind);
      return info ? this.store.get(info, namespace, name) : undefined;
    },
    list: (kind, namespace) => {
      const info = kindNamed(kind);
      return info ? this.store.list(info, namespace) : [];
    },
    authorize: (attrs) => this.authorize(attrs),
  };

  private attributes(operation: "CREATE" | "UPDATE", info: KindInfo, object: AdmissionAttributes["object"], old: StoredObject | undefined, dryRun: boolean, user?: UserInfo): AdmissionAttributes {
    const meta = object.metadata;
    return { operation, info, object, old, namespace: meta.namespace, name: meta.name ?? meta.generateName ?? "", lookup: this.lookup, dryRun, warnings: [], ...(user ? { user } : {}) };
  }


  private uniqueGeneratedName(info: KindInfo, namespace: string | undefined, prefix: string): string {
    // The API server truncates the prefix so that prefix + 5 characters fits in 63.
    const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
    for (;;) {
      const name = base + this.rng.nameSuffix(5);
      if (!this.store.get(info, namespace, name)) return name;
    }
  }
}

/** The status a freshly created object shows before any controller acts. */
function initialStatus(obj: StoredObject): void {
  switch (obj.kind) {
    case "Pod":
      obj.status = { phase: "Pending", qosClass: qosClassOf(obj) };
      break;
    case "Namespace":
      obj.status = { phase: "Active" };
      break;
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
    case "StatefulSet":
      obj.status = obj.kind === "ReplicaSet" ? { replicas: 0 } : {};
      break;
    case "Service":
      obj.status = { loadBalancer: {} };
      break;
    case "PodDisruptionBudget":
      // poddisruptionbudget strategy PrepareForCreate: the status starts empty (its counts are not omitempty).
      obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
      break;
    case "PersistentVolumeClaim":
      obj.status = { phase: "Pending" };
      break;
    case "PersistentVolume":
      // persistentvolume strategy PrepareForCreate (LastPhaseTransitionTime is GA in 1.31).
      obj.status = { phase: "Pending", lastPhaseTransitionTime: obj.metadata.creationTimestamp };
      break;
    default:
      break;
  }
}

/**
 * QoS class as pkg/apis/core/helper/qos ComputePodQOS decides it
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/): the cpu and memory requests and
 * limits of every container, init containers included, are summed (zero values do not count);
 * none at all is BestEffort; Guaranteed needs every container to set both limits and the summed
 * requests to equal the summed limits; anything else is Burstable.
 */
export function qosClassOf(pod: KubeObject): "Guaranteed" | "Burstable" | "BestEffort" {
  const spec = pod.spec as { containers?: ContainerResources[]; initContainers?: ContainerResources[] } | undefined;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const add = (into: Map<string, number>, list: Record<string, string | number> | undefined): Set<string> => {
    const found = new Set<string>();
    for (const resource of ["cpu", "memory"]) {
      const v = list?.[resource];
      const milli = v === undefined || !isQuantity(v) ? 0 : milliValue(v);
      if (milli <= 0) continue;
      found.add(resource);
      into.set(resource, (into.get(resource) ?? 0) + milli);
    }
    return found;
  };
  for (const c of containers) {
    add(requests, c.resources?.requests);
    const found = add(limits, c.resources?.limits);
    if (!found.has("cpu") || !found.has("memory")) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) for (const [name, request] of requests) if (limits.get(name) !== request) guaranteed = false;
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}

interface ContainerResources {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

/** Reads a dotted path ("spec.nodeName", "metadata.name") from an object. */
export function readPath(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
