// The side navigation drawn in the browser from plain data: one element instead of a link, an icon and a label for
// each entry. Labels are interpolated as text, never as HTML.
export default {
  template: `
    <nav class="column w-full gap-1" :aria-label="label">
      <a v-for="item in items" :key="item.h" :href="prefix + item.h" :aria-current="item.a ? 'page' : null"
         :class="['row no-wrap items-center gap-3 px-3 py-2 rounded no-underline',
                  item.a ? 'bg-blue-grey-1 text-primary font-medium' : 'text-grey-10 hover:bg-grey-2']">
        <q-icon :name="item.i" aria-hidden="true" />
        <span>{{ item.t }}</span>
      </a>
    </nav>`,
  props: {
    items: Array,
    label: String,
  },
  computed: {
    prefix() {
      return window.path_prefix || "";
    },
  },
};
