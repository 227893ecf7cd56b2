/**
 * The syllabus: the topics in teaching order, the lessons of each topic in
 * their `order`, and each lesson's prerequisites resolved to lessons. What
 * does not fit (an unknown topic, a prerequisite or exercise id that names
 * nothing, a prerequisite cycle) is reported, never silently dropped.
 */
import type { Lesson } from "./lessons.js";

export interface Topic {
  id: string;
  title: string;
}

/** In teaching order: Docker first, then the cluster, then what runs on it. */
export const TOPICS: readonly Topic[] = [
  { id: "containers", title: "Containers" },
  { id: "images", title: "Images and Dockerfiles" },
  { id: "docker-storage", title: "Docker volumes and mounts" },
  { id: "docker-networking", title: "Docker networks" },
  { id: "compose", title: "Docker Compose" },
  { id: "cluster", title: "Cluster architecture" },
  { id: "etcd", title: "etcd" },
  { id: "pods", title: "Pods" },
  { id: "deployments", title: "Deployments and ReplicaSets" },
  { id: "workloads", title: "DaemonSets, StatefulSets and Jobs" },
  { id: "scheduling", title: "Scheduling" },
  { id: "services", title: "Services" },
  { id: "networking", title: "Ingress, DNS and network policy" },
  { id: "config", title: "ConfigMaps and Secrets" },
  { id: "storage", title: "Volumes and persistent storage" },
  { id: "security", title: "RBAC and security" },
  { id: "troubleshooting", title: "Troubleshooting" },
];

export function topicNamed(id: string): Topic | undefined {
  return TOPICS.find((t) => t.id === id);
}

export interface SyllabusLesson {
  lesson: Lesson;
  /** Resolved prerequisites, in the order the lesson names them. */
  prerequisites: Lesson[];
}

export interface SyllabusTopic {
  topic: Topic;
  lessons: SyllabusLesson[];
}

export interface SyllabusProblem {
  /** The lesson file the problem is in. */
  file: string;
  message: string;
}

export interface Syllabus {
  /** Topics in teaching order; topics without lessons are left out. */
  topics: SyllabusTopic[];
  problems: SyllabusProblem[];
}

export interface SyllabusOptions {
  /** Known exercise ids; when given, lessons naming other ids are reported. */
  exerciseIds?: Iterable<string>;
}

export function buildSyllabus(lessons: readonly Lesson[], options: SyllabusOptions = {}): Syllabus {
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const problems: SyllabusProblem[] = [];
  const exerciseIds = options.exerciseIds ? new Set(options.exerciseIds) : undefined;

  const entries = new Map<Lesson, SyllabusLesson>();
  for (const lesson of lessons) {
    const prerequisites: Lesson[] = [];
    for (const id of lesson.prerequisites) {
      const found = byId.get(id);
      if (found) prerequisites.push(found);
      else problems.push({ file: lesson.file, message: `prerequisite "${id}" is not a lesson id` });
    }
    if (exerciseIds) {
      for (const id of lesson.exercises) {
        if (!exerciseIds.has(id)) problems.push({ file: lesson.file, message: `exercise "${id}" does not exist` });
      }
    }
    entries.set(lesson, { lesson, prerequisites });
  }
  problems.push(...prerequisiteCycles(lessons, byId));

  // Known topics in syllabus order; unknown ones after them (reported, not lost).
  const known = new Set(TOPICS.map((t) => t.id));
  const unknownTopics: Topic[] = [];
  for (const lesson of lessons) {
    if (known.has(lesson.topic) || unknownTopics.some((t) => t.id === lesson.topic)) continue;
    unknownTopics.push({ id: lesson.topic, title: lesson.topic });
  }
  for (const lesson of lessons) {
    if (!known.has(lesson.topic)) {
      problems.push({ file: lesson.file, message: `topic "${lesson.topic}" is not in the syllabus (topics: ${TOPICS.map((t) => t.id).join(", ")})` });
    }
  }

  const topics: SyllabusTopic[] = [];
  for (const topic of [...TOPICS, ...unknownTopics]) {
    const inTopic = lessons
      .filter((l) => l.topic === topic.id)
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
      .map((l) => entries.get(l)!);
    if (inTopic.length > 0) topics.push({ topic, lessons: inTopic });
  }
  return { topics, problems };
}

/** Every lesson in syllabus order, flattened. */
export function lessonsInOrder(syllabus: Syllabus): Lesson[] {
  return syllabus.topics.flatMap((t) => t.lessons.map((l) => l.lesson));
}

/** Reports each prerequisite cycle once ("a → b → a"). */
function prerequisiteCycles(lessons: readonly Lesson[], byId: Map<string, Lesson>): SyllabusProblem[] {
  const problems: SyllabusProblem[] = [];
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (lesson: Lesson): void => {
    state.set(lesson.id, "visiting");
    stack.push(lesson.id);
    for (const id of lesson.prerequisites) {
      const next = byId.get(id);
      if (!next) continue;
      if (state.get(id) === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(id)), id];
        problems.push({ file: lesson.file, message: `prerequisites form a cycle: ${cycle.join(" → ")}` });
      } else if (!state.has(id)) visit(next);
    }
    stack.pop();
    state.set(lesson.id, "done");
  };
  for (const lesson of lessons) if (!state.has(lesson.id)) visit(lesson);
  return problems;
}
