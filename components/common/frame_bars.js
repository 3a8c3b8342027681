// The bars around every signed-in page, drawn in the browser from plain data: the skip link, the header with the
// menu button and the home link, and the navigation drawer. The header's right-hand side (the account menu, the
// staff's bell) and the drawer's content are the server's elements, in the slots "header" and "default".
// Texts are interpolated as text, never as HTML.
export default {
  inheritAttrs: false,
  template: `
    <a class="nicegui-skip-link" :href="'#' + target" @click="focusTarget">{{ skip }}</a>
    <q-header ref="header" class="nicegui-header wrap items-center gap-1 px-2 py-1 bg-primary text-white">
      <q-btn flat round color="white" icon="menu" class="lg:hidden" :aria-label="menu" @click="open = !open" />
      <a class="nicegui-link text-lg font-semibold text-white no-underline truncate" :href="prefix + home">{{ name }}</a>
      <q-space />
      <slot name="header"></slot>
    </q-header>
    <q-drawer v-model="open" side="left" bordered show-if-above :width="220" :breakpoint="1024"
              class="nicegui-drawer bg-white p-2">
      <slot></slot>
    </q-drawer>`,
  props: {
    name: String,
    home: String,
    skip: String,
    menu: String,
    target: String,
    brand: String,
  },
  data() {
    return { open: false };
  },
  computed: {
    prefix() {
      return window.path_prefix || "";
    },
  },
  watch: {
    brand() {
      this.applyBrand();
    },
  },
  mounted() {
    this.applyBrand();
    // as NiceGUI's header: a link's target is not hidden under the fixed header
    const header = this.$refs.header.$el;
    this.resizeObserver = new ResizeObserver(() => {
      document.documentElement.style.scrollPaddingTop = `${header.offsetHeight}px`;
    });
    this.resizeObserver.observe(header);
  },
  unmounted() {
    this.resizeObserver?.disconnect();
  },
  methods: {
    applyBrand() {
      if (this.brand) document.body.style.setProperty("--q-primary", this.brand);
    },
    // as NiceGUI's skip link: the browser follows the fragment; a target that cannot take focus is made able to
    focusTarget(event) {
      const el = document.getElementById(this.target);
      if (el === null) return;
      el.setAttribute("tabindex", "-1");
      el.focus();
    },
  },
};
