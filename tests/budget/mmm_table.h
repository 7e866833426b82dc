// The MMM reference data sets of ../shared/data/mmm as columns, for the fit's tests and its
// validation program (bench/budget/mmm_validation.cpp). Cells are kept as text; numbers()
// converts a column, columns() gives every column as numbers with NaN for text cells (dates).
#pragma once

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace budget_test {

struct MmmTable {
  std::map<std::string, std::vector<std::string>> cells;
  std::size_t rows = 0;

  const std::vector<std::string>& text(const std::string& name) const {
    auto it = cells.find(name);
    if (it == cells.end()) throw std::runtime_error("no column " + name);
    return it->second;
  }
  std::vector<double> numbers(const std::string& name) const {
    std::vector<double> out;
    for (const auto& cell : text(name)) out.push_back(std::stod(cell));
    return out;
  }
  std::map<std::string, std::vector<double>> columns() const {
    std::map<std::string, std::vector<double>> out;
    for (const auto& [name, values] : cells) {
      for (const auto& cell : values) {
        char* end = nullptr;
        double v = std::strtod(cell.c_str(), &end);
        out[name].push_back(end == cell.c_str() ? NAN : v);
      }
    }
    return out;
  }
};

// Reads ../shared/data/mmm/<file> (a header row, comma-separated, optionally quoted cells).
inline MmmTable read_mmm_table(const std::string& file) {
  std::ifstream in(std::string(STRATEGIST_SHARED_DIR) + "/data/mmm/" + file);
  if (!in) throw std::runtime_error("cannot read " + file);
  auto unquote = [](std::string cell) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
    return cell;
  };
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string cell; std::getline(header, cell, ',');) names.push_back(unquote(cell));
  MmmTable table;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::stringstream row(line);
    std::size_t i = 0;
    for (std::string cell; std::getline(row, cell, ',') && i < names.size(); ++i) {
      table.cells[names[i]].push_back(unquote(cell));
    }
    ++table.rows;
  }
  return table;
}

inline std::map<std::string, std::vector<double>> read_columns(const std::string& file) {
  return read_mmm_table(file).columns();
}

}  // namespace budget_test
