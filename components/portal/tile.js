// A dashboard tile drawn in the browser from plain data: its heading with an icon, then lines of figures, text and
// links; the server's own elements (a Pay Now button) follow in the default slot. One element instead of a card, a
// row, an icon, a heading and a label or link per line. Texts are interpolated as text, never as HTML.
export default {
  template: `
    <q-card flat bordered class="nicegui-card w-full gap-2 p-5">
      <div class="row items-center gap-2 no-wrap">
        <q-icon :name="icon" size="1.4rem" class="text-primary" aria-hidden="true" />
        <h2 class="text-lg font-semibold m-0">{{ title }}</h2>
      </div>
      <template v-for="(line, index) in lines" :key="index">
        <div v-if="line.k === 'figure'" class="text-3xl font-bold">{{ line.t }}</div>
        <div v-else-if="line.k === 'text'" :class="line.c">{{ line.t }}</div>
        <div v-else-if="line.k === 'warning'" class="row items-center gap-1 text-red-10">
          <q-icon name="warning" size="1.1rem" aria-hidden="true" />
          <a class="nicegui-link text-red-10" :href="prefix + line.h">{{ line.t }}</a>
        </div>
        <a v-else-if="line.k === 'link'" :class="['nicegui-link', line.c]" :href="prefix + line.h">{{ line.t }}</a>
        <div v-else-if="line.k === 'links'" class="row items-baseline gap-x-2 gap-y-0 text-sm">
          <span>{{ line.t }}</span>
          <a v-for="link in line.l" :key="link[1]" class="nicegui-link text-primary" :href="prefix + link[1]">{{ link[0] }}</a>
        </div>
        <a v-else-if="line.k === 'count'" class="nicegui-link no-underline text-primary row items-baseline gap-2"
           :href="prefix + line.h" :aria-label="line.a">
          <span class="text-3xl font-bold">{{ line.n }}</span>
          <span class="font-medium">{{ line.t }}</span>
        </a>
      </template>
      <slot></slot>
    </q-card>`,
  props: {
    title: String,
    icon: String,
    lines: Array,
  },
  computed: {
    prefix() {
      return window.path_prefix || "";
    },
  },
};
