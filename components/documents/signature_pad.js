// A signature pad: a canvas to draw on with a mouse, a finger or a pen (pointer events), or the person's typed
// name drawn in a script-style font for those who cannot draw. The canvas stays transparent; strokes are dark ink.
// The server asks for the PNG with dataUrl() and checks and re-encodes it there.
const WIDTH = 600;
const HEIGHT = 200;
const INK = "#0f172a";
const SCRIPT = "'Segoe Script', 'Brush Script MT', 'URW Chancery L', 'Z003', cursive";

export default {
  template: `
    <canvas ref="canvas" :width="${WIDTH}" :height="${HEIGHT}" role="img" :aria-label="label"
      style="display:block;width:100%;max-width:${WIDTH}px;aspect-ratio:3/1;touch-action:none;background:#ffffff;
             border:1px solid #64748b;border-radius:6px;cursor:crosshair"
      @pointerdown="down" @pointermove="move" @pointerup="up" @pointercancel="up"></canvas>`,
  props: {
    label: String,
  },
  mounted() {
    this.drawing = false;
    this.inked = false;
    this.kind = "drawn";
    this.context = this.$refs.canvas.getContext("2d");
  },
  methods: {
    point(event) {
      const box = this.$refs.canvas.getBoundingClientRect();
      return [((event.clientX - box.left) * WIDTH) / box.width, ((event.clientY - box.top) * HEIGHT) / box.height];
    },
    down(event) {
      if (this.kind === "typed") this.clear();
      event.preventDefault();
      this.$refs.canvas.setPointerCapture(event.pointerId);
      this.drawing = true;
      const [x, y] = this.point(event);
      const ctx = this.context;
      ctx.strokeStyle = INK;
      ctx.lineWidth = event.pointerType === "pen" && event.pressure ? 1.5 + 3 * event.pressure : 3;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + 0.1, y + 0.1);
      ctx.stroke();
    },
    move(event) {
      if (!this.drawing) return;
      const [x, y] = this.point(event);
      this.context.lineTo(x, y);
      this.context.stroke();
      this.inked = true;
    },
    up() {
      if (!this.drawing) return;
      this.drawing = false;
      this.kind = "drawn";
      this.$emit("change", { inked: this.inked, kind: this.kind });
    },
    clear() {
      this.context.clearRect(0, 0, WIDTH, HEIGHT);
      this.inked = false;
      this.kind = "drawn";
      this.$emit("change", { inked: false, kind: this.kind });
    },
    drawName(name) {
      this.clear();
      const text = String(name || "").trim();
      if (!text) return;
      const ctx = this.context;
      let size = 72;
      ctx.font = `${size}px ${SCRIPT}`;
      while (size > 16 && ctx.measureText(text).width > WIDTH - 40) {
        size -= 4;
        ctx.font = `${size}px ${SCRIPT}`;
      }
      ctx.fillStyle = INK;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, WIDTH / 2, HEIGHT / 2);
      this.inked = true;
      this.kind = "typed";
      this.$emit("change", { inked: true, kind: this.kind });
    },
    signature() {
      return { dataUrl: this.inked ? this.$refs.canvas.toDataURL("image/png") : "", kind: this.kind };
    },
  },
};
