#include "charts/row_frame.hpp"

#include <algorithm>

namespace lstmbench::charts {
namespace {

constexpr double kRowHeight = 24;
constexpr double kMaxNameWidth = 260;

}  // namespace

RowFrame::RowFrame(const std::vector<std::string>& names, const ChartLabels& labels,
                   double plot_width)
    : y_caption_(labels.y_label) {
  double name_width = 0;
  for (const std::string& name : names) {
    names_.push_back(fit_text(name, kMaxNameWidth, kTickFont));
    name_width = std::max(name_width, text_width(names_.back(), kTickFont));
  }
  const double caption_band = y_caption_.empty() ? 0 : kCaptionFont + 8;
  plot_ = PlotArea{.left = kMargin + caption_band + name_width + 10,
                   .top = kTitleBand + 8,
                   .width = plot_width,
                   .height = static_cast<double>(names_.size()) * kRowHeight};
  caption_y_ = plot_.bottom() + kTickFont + 10 + kCaptionFont + 6;
}

double RowFrame::row_middle(std::size_t row) const {
  return plot_.top + (static_cast<double>(row) + 0.5) * kRowHeight;
}

void RowFrame::draw_row_name(SvgWriter& svg, std::size_t row) const {
  svg.text(plot_.left - 8, row_middle(row) + kTickFont * 0.35, names_[row],
           {.font_size = kTickFont, .anchor = Anchor::end, .role = TextRole::category_label});
}

void RowFrame::draw_row_note(SvgWriter& svg, std::size_t row, double x,
                             const std::string& note) const {
  svg.text(x, row_middle(row) + kNoteFont * 0.35, note,
           {.font_size = kNoteFont,
            .role = TextRole::note,
            .extra_attrs = "fill=\"#666666\" font-style=\"italic\""});
}

void RowFrame::draw_frame(SvgWriter& svg, const std::string& x_caption) const {
  draw_axis_lines(svg, plot_);
  draw_y_caption(svg, y_caption_, kMargin + kCaptionFont * 0.8, plot_);
  draw_x_caption(svg, x_caption, caption_y_, plot_);
}

}  // namespace lstmbench::charts
