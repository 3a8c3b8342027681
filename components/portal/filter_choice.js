// A list's filter drop-down, Quasar's select drawn in the browser from plain data: one light element instead of
// NiceGUI's select with its value, validation and option bookkeeping. The choice goes to the server as its value.
export default {
  template: `
    <q-select outlined dense options-dense emit-value map-options :label="label" :options="options"
              :model-value="current" @update:model-value="choose" />`,
  props: {
    label: String,
    value: String,
    options: Array,
  },
  data() {
    return { current: this.value };
  },
  watch: {
    value(value) {
      this.current = value;
    },
  },
  methods: {
    choose(value) {
      this.current = value;
      this.$emit("choose", value);
    },
  },
};
