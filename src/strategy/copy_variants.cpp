// Headline and body-copy variants to test on each platform, written from templates by objective
// and fitted to the platform's text limits (ad_specs.h): the full template if it fits, else a
// shorter fallback, else the template cut at a word boundary. Templates are starting points for
// a copywriter; they make no factual claims (prices, ratings, counts) about the client.
#include <algorithm>
#include <cctype>

#include "strategy/ad_specs.h"
#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

struct Template {
  std::string_view angle;
  std::string_view text;      // "{S}" is the subject
  std::string_view fallback;  // without the subject, for tight limits
};

struct Templates {
  std::array<Template, 3> headlines;
  std::array<Template, 2> bodies;
  std::string_view default_subject;
};

const Templates& templates_for(core::Objective o) {
  static const std::array<Templates, 6> all = {{
      {{{{"benefit", "Meet {S}", "See Our Story"},
         {"simplicity", "{S}, Made Simple", "Made Simple"},
         {"novelty", "See What's New in {S}", "What's New"}}},
       {{{"benefit", "Discover a better way to enjoy {S}. Watch the story.",
          "Discover a better way. Watch the story."},
         {"novelty", "Something new in {S} is here. Take a look.", "Something new is here."}}},
       "Our Brand"},
      {{{{"curiosity", "Learn More About {S}", "Learn More"},
         {"usefulness", "Read: A Guide to {S}", "Read the Guide"},
         {"exploration", "Explore {S} Now", "Explore Now"}}},
       {{{"usefulness", "A practical guide to {S}: what to know before you choose. Read it now.",
          "A practical guide: what to know before you choose."},
         {"curiosity", "Everything about {S} in one place. Take a look.", "Take a look."}}},
       "Our Guide"},
      {{{{"question", "What's Your Take on {S}?", "Your Take?"},
         {"usefulness", "{S}: Tips You Can Use", "Tips to Use"},
         {"community", "Join the {S} Conversation", "Join In"}}},
       {{{"question", "Tell us: what matters most to you about {S}? Share it in the comments.",
          "Tell us what matters most to you."},
         {"community", "Tips, stories and ideas about {S}. Follow along.", "Follow along."}}},
       "Our Community"},
      {{{{"expertise", "Get Expert {S} Advice", "Get Advice"},
         {"trust", "Trusted {S} Specialists", "Trusted Experts"},
         {"next step", "Request a Quote Today", "Get a Quote"}}},
       {{{"next step", "Tell us what you need and get a tailored plan for {S}. It takes two "
                       "minutes.",
          "Tell us what you need and get a tailored plan."},
         {"proof", "See how teams like yours handle {S}. Get in touch today.",
          "See how teams like yours do it."}}},
       "Your Project"},
      {{{{"benefit", "Get the {S} App", "Get the App"},
         {"ease", "{S} in One Tap", "One Tap Away"},
         {"action", "Download the App Today", "Download Now"}}},
       {{{"ease", "Everything for {S} in one app. Download it today.", "Download the app today."},
         {"benefit", "The easiest way to manage {S}, right on your phone.",
          "The easiest way, on your phone."}}},
       "Our App"},
      {{{{"benefit", "Discover {S}", "Discover More"},
         {"proof", "{S} Customers Love", "Customer Picks"},
         {"urgency", "Shop {S} Today", "Shop Now"}}},
       {{{"benefit", "{S} chosen for quality and made to last. Find yours today.",
          "Chosen for quality and made to last."},
         {"proof", "See why customers keep coming back for {S}. Shop now.",
          "See why customers keep coming back."}}},
       "Our Collection"},
  }};
  return all[static_cast<std::size_t>(o)];
}

std::string title_case(std::string_view text) {
  std::string out;
  bool start = true;
  for (char c : text) {
    if (c == '{' || c == '}' || c == '#') continue;  // TikTok rejects these in ad text
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = c == ' ' || c == '-';
  }
  return out;
}

std::string subject_of(const ResolvedBrief& r) {
  if (!r.interests.empty()) return title_case(r.interests.front());
  const std::string industry = lower(r.brief->industry);
  if (!industry.empty() && industry != "all" && industry != "b2b") {
    return title_case(r.brief->industry);
  }
  return std::string(templates_for(r.brief->objective).default_subject);
}

std::string fill(std::string_view text, const std::string& subject) {
  std::string out(text);
  if (const std::size_t at = out.find("{S}"); at != std::string::npos) {
    out.replace(at, 3, subject);
  }
  return out;
}

// The first `chars` code points of `text`, cut back to the last space when there is one.
std::string cut(const std::string& text, std::size_t chars) {
  std::size_t bytes = 0, seen = 0;
  while (bytes < text.size() && seen < chars) {
    ++bytes;
    while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) {
      ++bytes;
    }
    ++seen;
  }
  std::string out = text.substr(0, bytes);
  if (bytes < text.size()) {
    if (const std::size_t space = out.rfind(' '); space != std::string::npos && space > 0) {
      out.resize(space);
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ':')) {
    out.pop_back();
  }
  return out;
}

CopyVariant fitted(core::Platform p, std::string_view placement, std::string_view field,
                   const Template& t, const std::string& subject) {
  CopyVariant v{p, std::string(placement), std::string(field), std::string(t.angle),
                fill(t.text, subject), 0, std::nullopt, true};
  const std::optional<CachedLimit> limit = cached_text_limit(p, placement, field);
  if (limit) {
    v.max_chars = limit->max_chars;
    if (utf8_length(v.text) > limit->max_chars) v.text = std::string(t.fallback);
    if (utf8_length(v.text) > limit->max_chars) v.text = cut(v.text, limit->max_chars);
  }
  v.length = utf8_length(v.text);
  if (limit) v.fits = v.length <= limit->max_chars && v.length >= limit->min_chars;
  return v;
}

struct FieldPlan {
  std::string_view placement;
  std::string_view field;
  bool long_text;
  int count;
};

std::vector<FieldPlan> fields_for(core::Platform p) {
  switch (p) {
    case core::Platform::google_ads:
      return {{"responsive_search_ad", "headline", false, 3},
              {"responsive_search_ad", "description", true, 2}};
    case core::Platform::meta_ads:
      return {{"feed", "primary_text", true, 2}, {"feed", "headline", false, 3}};
    case core::Platform::linkedin_ads:
      return {{"sponsored_content_single_image", "intro_text", true, 2},
              {"sponsored_content_single_image", "headline", false, 3}};
    case core::Platform::tiktok_ads: return {{"in_feed", "description", true, 2}};
    case core::Platform::youtube_ads:
      return {{"video_ad_text", "headline", false, 3},
              {"video_ad_text", "long_headline", true, 1},
              {"video_ad_text", "description", true, 2}};
    case core::Platform::email: return {{"inbox", "subject", false, 3}};
  }
  return {};
}

}  // namespace

std::vector<CopyVariant> build_copy_variants(const ResolvedBrief& r,
                                             const std::vector<core::Platform>& platforms) {
  const Templates& t = templates_for(r.brief->objective);
  const std::string subject = subject_of(r);
  std::vector<CopyVariant> out;
  for (core::Platform p : platforms) {
    for (const FieldPlan& f : fields_for(p)) {
      for (int i = 0; i < f.count; ++i) {
        const Template& chosen = f.long_text ? t.bodies[static_cast<std::size_t>(i) % 2]
                                             : t.headlines[static_cast<std::size_t>(i) % 3];
        out.push_back(fitted(p, f.placement, f.field, chosen, subject));
      }
    }
  }
  return out;
}

}  // namespace strategy::internal
