import { escapeHtml as h } from './error-pages';
import type { StaffActions } from './staff-actions';

function actionForm(action: string, label: string, fields = ''): string {
  return `<form method="post" action="${h(action)}">${fields}<button>${h(label)}</button></form>`;
}

/** A bare page for people playing "the city" in a demo: list records, push the buttons staff would. */
export function renderStaffPage(site: string, actions: StaffActions): string {
  const base = `/${site}/_staff`;
  const requests = [...actions.listRequests()].reverse().map((r) => {
    const a = `${base}/requests/${r.RequestId}`;
    return `<tr><td>${r.RequestId}</td><td>${h(String(r.Description))}</td><td>${h(r.Status)}</td><td>${h(String(r.ProbAddress))}</td>
<td>${h(r.OtherSystemId)}</td><td>${h(r.DateTimeInit)}</td><td class="acts">
${actionForm(`${a}/close`, 'Close')}${actionForm(`${a}/cancel`, 'Cancel')}${actionForm(`${a}/reopen`, 'Reopen')}
${actionForm(`${a}/status`, 'Set status', '<input name="status" placeholder="INPROG" size="8">')}
${actionForm(`${a}/field`, 'Set field', '<input name="field" placeholder="Priority" size="8"><input name="value" size="8">')}
${actionForm(`${a}/comments`, 'Comment', '<input name="text" value="To SCF: " size="24">')}
</td></tr>`;
  });
  const workOrders = [...actions.listWorkOrders()].reverse().map((w) => {
    const a = `${base}/workorders/${encodeURIComponent(w.WorkOrderId)}`;
    return `<tr><td>${h(w.WorkOrderId)}</td><td>${h(String(w.Description))}</td><td>${h(w.Status)}</td><td>${h(String(w.WOAddress))}</td>
<td>${h(String(w.RequestIds))}</td><td>${h(w.InitiateDate)}</td><td class="acts">
${actionForm(`${a}/close`, 'Close')}${actionForm(`${a}/cancel`, 'Cancel')}${actionForm(`${a}/reopen`, 'Reopen')}
${actionForm(`${a}/status`, 'Set status', '<input name="status" placeholder="INPROG" size="8">')}
${actionForm(`${a}/comments`, 'Comment', '<input name="text" value="To SCF: " size="24">')}
</td></tr>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>Cityworks emulator — staff</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%;margin-bottom:2rem}
td,th{border:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}.acts form{display:inline-block;margin:2px}</style></head><body>
<h1>City of Springfield — Cityworks emulator (staff)</h1>
<h2>New service request</h2>
${actionForm(`${base}/requests`, 'Create', '<input name="ProblemSid" placeholder="ProblemSid (101)" size="12"> <input name="Address" placeholder="Address"> <input name="lon" placeholder="lon" size="10"> <input name="lat" placeholder="lat" size="10"> <input name="Details" placeholder="Details"> ')}
<h2>Service requests</h2>
<table><tr><th>Id</th><th>Problem</th><th>Status</th><th>Address</th><th>Other system id</th><th>Initiated</th><th>Actions</th></tr>
${requests.join('\n')}</table>
<h2>Work orders</h2>
<table><tr><th>Id</th><th>Template</th><th>Status</th><th>Address</th><th>Requests</th><th>Initiated</th><th>Actions</th></tr>
${workOrders.join('\n')}</table>
</body></html>`;
}
