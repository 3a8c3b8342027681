// Who a statement is from and to, drawn in the browser from plain data (one element instead of eight labels and
// columns). Each party is [caption, name, address]; texts are interpolated as text, never as HTML.
export default {
  template: `
    <div class="nicegui-grid w-full grid-cols-1 sm:grid-cols-2 gap-4">
      <div v-for="party in parties" :key="party[0]" class="nicegui-column gap-0">
        <div class="text-xs uppercase tracking-wide text-grey-8">{{ party[0] }}</div>
        <div class="font-semibold">{{ party[1] }}</div>
        <div v-if="party[2]" class="whitespace-pre-line text-sm text-grey-9">{{ party[2] }}</div>
      </div>
    </div>`,
  props: {
    parties: Array,
  },
};
