/** Staff tasks created by rules: soonest due first; assign and complete. */

import { useState } from "react";
import { Box, Button, Input, Text } from "@saleor/macaw-ui";

import { nodes, payloadOf } from "../api/client";
import { graphql } from "../api/graphql";
import type { TasksQuery } from "../api/generated/operations";
import { useApp } from "../app/AppContext";
import { useAction, useQuery } from "../app/hooks";
import { Card, Cell, PageHeader, QueryBody, Select, StatusChip, Table, formatDate } from "../components/ui";

export const TASKS = graphql(`
query Tasks($status: String, $first: Int) {
  staffTasks(status: $status, first: $first) { totalCount edges { node { id title description role assignee dueAt status createdAt order { number } } } }
}`);
export const ASSIGN = graphql(`mutation Assign($id: ID!, $assignee: String!) { staffTaskAssign(id: $id, assignee: $assignee) { task { id assignee } errors { field message code } } }`);
export const COMPLETE = graphql(`mutation Complete($id: ID!) { staffTaskComplete(id: $id) { task { id status } errors { field message code } } }`);

type StaffTask = TasksQuery["staffTasks"]["edges"][number]["node"];

export function TasksPage() {
  const { client } = useApp();
  const { busy, run } = useAction();
  const [status, setStatus] = useState("open");
  const [assignees, setAssignees] = useState<Record<string, string>>({});
  const query = useQuery(TASKS, { status: status || null, first: 100 });

  const assign = (task: StaffTask) =>
    run(async () => {
      const data = await client.request(ASSIGN, { id: task.id, assignee: assignees[task.id] ?? "" });
      payloadOf(data.staffTaskAssign);
      query.reload();
    }, "Task assigned");
  const complete = (task: StaffTask) =>
    run(async () => {
      const data = await client.request(COMPLETE, { id: task.id });
      payloadOf(data.staffTaskComplete);
      query.reload();
    }, `Done: ${task.title}`);

  return (
    <>
      <PageHeader title="Tasks">
        <Select
          label="Status"
          value={status}
          onChange={(event) => setStatus(event.target.value)}
          options={[
            { value: "open", label: "open" },
            { value: "done", label: "done" },
            { value: "", label: "all" },
          ]}
        />
      </PageHeader>
      <Card>
        <QueryBody {...query} empty={(data) => (data.staffTasks.edges.length ? null : { title: "No tasks", text: "Rules with a task action put work here." })}>
          {(data) => (
            <Table head={["Due", "Task", "Order", "Role", "Assignee", "Status", ""]} testId="tasks-table">
              {nodes(data.staffTasks).map((task) => {
                const overdue = task.status === "open" && task.dueAt !== null && new Date(task.dueAt) < new Date();
                return (
                  <tr key={task.id}>
                    <Cell>
                      <Text size={3} color={overdue ? "critical1" : "default1"} fontWeight={overdue ? "bold" : "regular"}>
                        {formatDate(task.dueAt)}
                      </Text>
                    </Cell>
                    <Cell>
                      <Box display="flex" flexDirection="column">
                        <Text size={3} fontWeight="bold">{task.title}</Text>
                        {task.description && (
                          <Text size={2} color="default2">
                            {task.description}
                          </Text>
                        )}
                      </Box>
                    </Cell>
                    <Cell>{task.order ? `#${task.order.number}` : "—"}</Cell>
                    <Cell>{task.role || "—"}</Cell>
                    <Cell>
                      {task.status === "open" ? (
                        <Box display="flex" gap={1} alignItems="center">
                          <Input
                            size="small"
                            aria-label={`Assignee of ${task.title}`}
                            value={assignees[task.id] ?? task.assignee}
                            onChange={(event) => setAssignees({ ...assignees, [task.id]: event.target.value })}
                          />
                          <Button variant="tertiary" size="small" disabled={busy || !(assignees[task.id] ?? "").trim()} onClick={() => assign(task)}>
                            Assign
                          </Button>
                        </Box>
                      ) : (
                        task.assignee || "—"
                      )}
                    </Cell>
                    <Cell>
                      <StatusChip status={task.status} />
                    </Cell>
                    <Cell>
                      {task.status === "open" && (
                        <Button variant="secondary" size="small" disabled={busy} onClick={() => complete(task)}>
                          Complete
                        </Button>
                      )}
                    </Cell>
                  </tr>
                );
              })}
            </Table>
          )}
        </QueryBody>
      </Card>
    </>
  );
}
