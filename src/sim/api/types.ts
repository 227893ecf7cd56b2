/**
 * The shapes of API objects as the model stores them. We reuse the generated
 * Kubernetes interfaces from kubernetes-models and tighten `metadata`: every
 * stored object has a name, uid, resourceVersion and creationTimestamp.
 */
import type { IObjectMeta } from "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta";
import type { IOwnerReference } from "@kubernetes-models/apimachinery/apis/meta/v1/OwnerReference";
import type { IPod } from "kubernetes-models/v1/Pod";
import type { INode } from "kubernetes-models/v1/Node";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IService } from "kubernetes-models/v1/Service";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { IEvent } from "kubernetes-models/v1/Event";
import type { IEndpoints } from "kubernetes-models/v1/Endpoints";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IReplicaSet } from "kubernetes-models/apps/v1/ReplicaSet";
import type { IDaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import type { IStorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import type { IPersistentVolume } from "kubernetes-models/v1/PersistentVolume";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";

export type OwnerReference = IOwnerReference;

/** Metadata of an object that has been through the API server. */
export interface ObjectMeta extends IObjectMeta {
  name: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
}

/** Any API object, as sent by a client (metadata may be incomplete). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: IObjectMeta;
  [field: string]: unknown;
}

/** Any API object as stored: metadata is complete. */
export interface StoredObject extends KubeObject {
  metadata: ObjectMeta;
}

type Stored<T extends { metadata?: IObjectMeta }> = Omit<T, "metadata"> & { metadata: ObjectMeta };

export type Pod = Stored<IPod>;
export type Node = Stored<INode>;
export type Namespace = Stored<INamespace>;
export type Service = Stored<IService>;
export type ConfigMap = Stored<IConfigMap>;
export type Secret = Stored<ISecret>;
export type Event = Stored<IEvent>;
export type Endpoints = Stored<IEndpoints>;
export type ServiceAccount = Stored<IServiceAccount>;
export type Deployment = Stored<IDeployment>;
export type ReplicaSet = Stored<IReplicaSet>;
export type DaemonSet = Stored<IDaemonSet>;
export type StorageClass = Stored<IStorageClass>;
export type PersistentVolume = Stored<IPersistentVolume>;
export type PersistentVolumeClaim = Stored<IPersistentVolumeClaim>;
