/** Click a column header to sort the table by it; click again to reverse. Totals stay in <tfoot>. */

/** Makes every `table.sortable` on the page sortable by its headers. */
export function makeTablesSortable(root: ParentNode): void {
  for (const table of root.querySelectorAll<HTMLTableElement>('table.sortable')) {
    const headers = [...table.querySelectorAll<HTMLTableCellElement>('thead th')];
    headers.forEach((th, column) => {
      const button = th.querySelector('button');
      button?.addEventListener('click', () => {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        for (const other of headers) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        sortBody(table, column, ascending, th.dataset.sort === 'text');
      });
    });
  }
}

function sortBody(table: HTMLTableElement, column: number, ascending: boolean, text: boolean): void {
  const body = table.tBodies[0];
  if (!body) return;
  const key = (row: HTMLTableRowElement) => row.cells[column]?.dataset.value ?? row.cells[column]?.textContent ?? '';
  const rows = [...body.rows].sort((a, b) => {
    const order = text ? key(a).localeCompare(key(b)) : Number(key(a)) - Number(key(b));
    return ascending ? order : -order;
  });
  for (const row of rows) body.appendChild(row);
}
