// Rows of a list drawn in the browser from plain data: a grid on wide screens, two-column cards on a phone.
// The rows arrive as one JSON string (cheap to send); every value is interpolated as text, never as HTML.
// It holds {s: [[cell classes, text classes] most cells of each column share], r: rows}. A row is {k: key,
// h: link, s: strong, c: cells}; a cell is {t: text, p: phone caption, u: lines under, x: cell classes,
// y: text classes (each only where it differs from its column's shared ones), h: chip colours,
// g: [[text, colours], ...] more chips, l: [[text, link], ...]}; other empty fields are left out.
export default {
  template: `
    <div class="w-full">
      <div v-if="columns.length" aria-hidden="true"
           :class="['grid', grid, 'gap-x-4 w-full max-sm:hidden px-4 py-2 bg-grey-2 text-xs uppercase text-grey-9 font-medium']">
        <div v-for="column in columns" :key="column.label" :class="column.right ? 'text-right' : ''">{{ column.label }}</div>
      </div>
      <ul class="w-full list-none m-0 p-0" :aria-label="label || null">
        <li v-for="row in parsed" :key="row.k" class="border-t border-gray-200 first:border-t-0">
          <component :is="row.h ? 'a' : 'div'" :href="row.h ? prefix + row.h : null"
                     :class="['grid grid-cols-2', grid, 'gap-x-4 gap-y-1 px-4 py-3 items-center',
                              row.h ? 'no-underline text-grey-10 hover:bg-blue-grey-1 focus:bg-blue-grey-1' : '',
                              row.s ? 'font-semibold bg-grey-1' : '']">
            <div v-for="(cell, index) in row.c" :key="index" :class="['min-w-0', classes(cell, index, 0)]">
              <span v-if="cell.h" class="inline-flex flex-wrap gap-1">
                <span v-for="chip in [[cell.t, cell.h], ...(cell.g || [])]" :class="'inline-block rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide ' + chip[1]">{{ chip[0] }}</span>
              </span>
              <template v-else>
                <div v-if="cell.p" class="sm:hidden text-xs text-grey-8 font-normal">{{ cell.p }}</div>
                <div v-if="cell.t" :class="['break-words', classes(cell, index, 1)]">{{ cell.t }}</div>
                <div v-for="line in cell.u || []" class="text-xs text-grey-8 break-words">{{ line }}</div>
                <div v-if="cell.l" class="flex flex-wrap gap-x-2">
                  <a v-for="link in cell.l" :href="prefix + link[1]" class="text-primary">{{ link[0] }}</a>
                </div>
              </template>
            </div>
          </component>
        </li>
      </ul>
    </div>`,
  props: {
    columns: Array,
    rows: String,
    grid: String,
    label: String,
  },
  computed: {
    data() {
      return JSON.parse(this.rows || '{"s": [], "r": []}');
    },
    parsed() {
      return this.data.r;
    },
    prefix() {
      return window.path_prefix || "";
    },
  },
  methods: {
    classes(cell, index, which) {
      const own = cell[which ? "y" : "x"];
      return own !== undefined ? own : (this.data.s[index] || ["", ""])[which];
    },
  },
};
