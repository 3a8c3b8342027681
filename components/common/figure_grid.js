// Labelled figures (a small caption above each value) in a grid, drawn in the browser from plain data.
export default {
  template: `
    <dl :class="['grid w-full gap-4 m-0', grid]">
      <div v-for="figure in figures" :key="figure[0]" class="min-w-0">
        <dt class="text-xs uppercase tracking-wide text-grey-8">{{ figure[0] }}</dt>
        <dd :class="['m-0 break-words', figure[2] ? 'text-lg font-semibold' : 'font-medium']">{{ figure[1] }}</dd>
      </div>
    </dl>`,
  props: {
    figures: Array,
    grid: String,
  },
};
