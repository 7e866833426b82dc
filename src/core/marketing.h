// The marketing vocabulary shared by every layer: ad platforms, campaign objectives and
// statuses, each with its API spelling. Pure values; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace core {

enum class Platform { google_ads, meta_ads, linkedin_ads, tiktok_ads, youtube_ads, email };
inline constexpr std::array<std::string_view, 6> kPlatformNames = {
    "google_ads", "meta_ads", "linkedin_ads", "tiktok_ads", "youtube_ads", "email"};

enum class Objective { awareness, traffic, engagement, leads, app_installs, sales_conversion };
inline constexpr std::array<std::string_view, 6> kObjectiveNames = {
    "awareness", "traffic", "engagement", "leads", "app_installs", "sales_conversion"};

enum class CampaignStatus { draft, active, paused, completed, archived };
inline constexpr std::array<std::string_view, 5> kCampaignStatusNames = {
    "draft", "active", "paused", "completed", "archived"};

// Looks `name` up in one of the tables above; nullopt when it is not there.
template <typename Enum, std::size_t N>
std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names,
                                   std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

inline std::string_view platform_name(Platform p) { return kPlatformNames[static_cast<int>(p)]; }

// The platform as industry reports and the shipped benchmark and ad-spec tables spell it
// ("meta", "linkedin", …); empty for email, which those tables do not cover.
inline std::string_view report_platform_name(Platform p) {
  static constexpr std::array<std::string_view, 6> kNames = {"google_ads", "meta", "linkedin",
                                                             "tiktok",     "youtube", ""};
  return kNames[static_cast<int>(p)];
}
// The platform as people write it in prose: "Google Ads", "Meta", "LinkedIn", …
inline std::string_view platform_display_name(Platform p) {
  static constexpr std::array<std::string_view, 6> kNames = {"Google Ads", "Meta",    "LinkedIn",
                                                             "TikTok",     "YouTube", "Email"};
  return kNames[static_cast<int>(p)];
}
inline std::string_view objective_name(Objective o) {
  return kObjectiveNames[static_cast<int>(o)];
}

}  // namespace core
