// A visually hidden table (the figures of a chart for screen readers), drawn in the browser from plain data.
// The class goes on a wrapper: a table ignores the 1 px width of sr-only and would widen the page.
export default {
  template: `
    <div class="sr-only">
      <table>
        <caption>{{ caption }}</caption>
        <thead><tr><th v-for="header in headers" :key="header" scope="col">{{ header }}</th></tr></thead>
        <tbody>
          <tr v-for="(row, index) in rows" :key="index">
            <template v-for="(cell, column) in row" :key="column">
              <th v-if="column === 0" scope="row">{{ cell }}</th>
              <td v-else>{{ cell }}</td>
            </template>
          </tr>
        </tbody>
      </table>
    </div>`,
  props: {
    caption: String,
    headers: Array,
    rows: Array,
  },
};
