#include "charts/row_frame.hpp"

#include <algorithm>

namespace lstmbench::charts {
namespace {

constexpr double kRowHeight = 24;
constexpr double kMaxNameWidth = 260;

}  // namespace

RowFrame::RowFrame(const std::vector<std::string>& names, const ChartLabels& labels,
                   double plot_width)
    : y_caption_(fit_text(labels.y_label, kMaxNameWidth, kCaptionFont)) {
  // The rows' caption heads the column of names (upright, so a short chart need not cut it
  // to its height); the column is as wide as the wider of the two.
  double name_width = text_width(y_caption_, kCaptionFont);
  for (const std::string& name : names) {
    names_.push_back(fit_text(name, kMaxNameWidth, kTickFont));
    name_width = std::max(name_width, text_width(names_.back(), kTickFont));
  }
  plot_ = PlotArea{.left = kMargin + name_width + 10,
                   .top = kTitleBand + (y_caption_.empty() ? 8 : 16),
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
  if (!y_caption_.empty()) {
    svg.text(plot_.left - 8, plot_.top - 5, y_caption_,
             {.font_size = kCaptionFont,
              .anchor = Anchor::end,
              .role = TextRole::axis_label,
              .extra_attrs = "font-weight=\"bold\""});
  }
  draw_x_caption(svg, x_caption, caption_y_, plot_);
}

}  // namespace lstmbench::charts
