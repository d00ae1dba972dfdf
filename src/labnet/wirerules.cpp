#include "wirerules.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <arpa/inet.h>

namespace tcplab::labnet {

namespace {

struct SelectorName
{
    const char *name;
    Selector::Kind kind;
};
constexpr SelectorName kSelectors[] = {
    {"any", Selector::Kind::Any},          {"syn", Selector::Kind::Syn},
    {"syn-ack", Selector::Kind::SynAck},   {"fin", Selector::Kind::Fin},
    {"rst", Selector::Kind::Rst},          {"data", Selector::Kind::Data},
    {"ack", Selector::Kind::Ack},          {"ack-of-fin", Selector::Kind::AckOfFin},
    {"last-ack", Selector::Kind::LastAck},
};

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

bool parseInteger(const std::string &text, long long min, long long max, long long *out)
{
    if (text.empty() || text.size() > 18)
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    const long long v = std::strtoll(text.c_str(), nullptr, 10);
    if (v < min || v > max)
        return false;
    *out = v;
    return true;
}

// "1.5ms" -> 1.5 and "ms": a decimal number and the unit written after it.
bool splitNumber(const std::string &text, double *value, std::string *unit)
{
    size_t digits = 0;
    while (digits < text.size()
           && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.'))
        ++digits;
    const std::string number = text.substr(0, digits);
    if (number.empty() || number.size() > 12 || std::count(number.begin(), number.end(), '.') > 1
        || number == ".")
        return false;
    *value = std::strtod(number.c_str(), nullptr);
    *unit = text.substr(digits);
    return true;
}

// "50ms", "1.5s", "200us", "0": a duration of at most 60 s, in microseconds.
bool parseDuration(const std::string &text, std::int64_t *us)
{
    double v = 0;
    std::string unit;
    if (!splitNumber(text, &v, &unit))
        return false;
    double scale = 0;
    if (unit == "ms" || (unit.empty() && v == 0))
        scale = 1000;
    else if (unit == "us")
        scale = 1;
    else if (unit == "s")
        scale = 1e6;
    else
        return false;
    const double result = v * scale;
    if (!(result >= 0) || result > 60e6)
        return false;
    *us = std::int64_t(std::llround(result));
    return true;
}

bool parseRate(const std::string &text, std::int64_t *bps)
{
    double v = 0;
    std::string unit;
    if (!splitNumber(text, &v, &unit))
        return false;
    if (unit.size() > 4 && unit.compare(unit.size() - 4, 4, "/sec") == 0)
        unit.resize(unit.size() - 4);
    if (unit.size() > 2 && unit.compare(unit.size() - 2, 2, "ps") == 0)
        unit.resize(unit.size() - 2);
    double scale = 0;
    if (unit == "bit" || unit == "b")
        scale = 1;
    else if (unit == "kbit" || unit == "kb")
        scale = 1e3;
    else if (unit == "mbit" || unit == "mb")
        scale = 1e6;
    else if (unit == "gbit" || unit == "gb")
        scale = 1e9;
    else
        return false;
    const double result = v * scale;
    if (!(result >= 8000) || result > 100e9) // at least one 1000-byte frame a second
        return false;
    *bps = std::int64_t(result);
    return true;
}

bool parseSide(const std::string &text, Dir *dir)
{
    if (text == "client") {
        *dir = Dir::FromClient;
        return true;
    }
    if (text == "server") {
        *dir = Dir::FromServer;
        return true;
    }
    return false;
}

std::string formatDuration(std::int64_t us)
{
    if (us % 1000 == 0)
        return std::to_string(us / 1000) + "ms";
    return std::to_string(us) + "us";
}

std::string formatRate(std::int64_t bps)
{
    if (bps % 1000000000 == 0)
        return std::to_string(bps / 1000000000) + "gbit";
    if (bps % 1000000 == 0)
        return std::to_string(bps / 1000000) + "mbit";
    if (bps % 1000 == 0)
        return std::to_string(bps / 1000) + "kbit";
    return std::to_string(bps) + "bit";
}

std::string formatPercent(double p)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g%%", p);
    return buffer;
}

const char *sideName(Dir d)
{
    return d == Dir::FromClient ? "client" : "server";
}

} // namespace

bool WireSpec::isPlain() const
{
    for (const auto &d : dir) {
        if (d.delayUs || d.jitterUs || d.rateBitsPerSecond || d.lossPercent > 0)
            return false;
    }
    return mtu[0] == 0 && mtu[1] == 0 && rules.empty();
}

std::string selectorName(const Selector &selector)
{
    std::string name;
    if (selector.kind == Selector::Kind::Len) {
        name = "len=" + std::to_string(selector.length);
    } else {
        for (const auto &s : kSelectors) {
            if (s.kind == selector.kind)
                name = s.name;
        }
    }
    if (selector.nth == 0)
        name += "#*";
    else if (selector.nth != 1)
        name += "#" + std::to_string(selector.nth);
    return name;
}

std::string formatRule(const Rule &rule)
{
    static const char *const actions[] = {"drop", "dup", "hold", "rst"};
    std::string text = std::string(actions[int(rule.action)]) + "=" + sideName(rule.dir) + ":"
        + selectorName(rule.selector);
    if (rule.action == Rule::Action::Duplicate && rule.delayUs > 0)
        text += "@" + formatDuration(rule.delayUs);
    return text;
}

std::string formatWireSpec(const WireSpec &spec)
{
    std::vector<std::string> items;
    auto both = [&](const char *key, auto get, auto format) {
        const auto a = get(spec.dir[0]);
        const auto b = get(spec.dir[1]);
        if (a == b) {
            if (a)
                items.push_back(std::string(key) + "=" + format(a));
            return;
        }
        if (a)
            items.push_back(std::string(key) + "=client:" + format(a));
        if (b)
            items.push_back(std::string(key) + "=server:" + format(b));
    };
    both(
        "delay", [](const DirectionSettings &d) { return d.delayUs; }, formatDuration);
    both(
        "jitter", [](const DirectionSettings &d) { return d.jitterUs; }, formatDuration);
    both(
        "rate", [](const DirectionSettings &d) { return d.rateBitsPerSecond; }, formatRate);
    both(
        "loss", [](const DirectionSettings &d) { return d.lossPercent; }, formatPercent);
    if (spec.mtu[0] == spec.mtu[1]) {
        if (spec.mtu[0])
            items.push_back("mtu=" + std::to_string(spec.mtu[0]));
    } else {
        if (spec.mtu[0])
            items.push_back("mtu=client:" + std::to_string(spec.mtu[0]));
        if (spec.mtu[1])
            items.push_back("mtu=server:" + std::to_string(spec.mtu[1]));
    }
    if ((spec.dir[0].lossPercent > 0 || spec.dir[1].lossPercent > 0 || spec.dir[0].jitterUs
         || spec.dir[1].jitterUs)
        && spec.seed != 1)
        items.push_back("seed=" + std::to_string(spec.seed));
    for (const Rule &rule : spec.rules)
        items.push_back(formatRule(rule));
    std::string text;
    for (const auto &item : items) {
        if (!text.empty())
            text += ",";
        text += item;
    }
    return text;
}

bool parseWireSpec(const std::string &text, WireSpec *spec, ParseError *error)
{
    WireSpec out;
    auto fail = [error](ParseError::Code code, const std::string &item) {
        if (error) {
            error->code = code;
            error->item = item;
        }
        return false;
    };
    size_t start = 0;
    if (trim(text).empty()) {
        *spec = out;
        return true;
    }
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string item = trim(text.substr(start, end - start));
        start = end + 1;
        if (item.empty())
            return fail(ParseError::Code::Empty, item);
        const size_t eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            return fail(ParseError::Code::UnknownKey, item);
        const std::string key = item.substr(0, eq);
        std::string value = item.substr(eq + 1);
        // An optional side: "client:" / "server:".
        bool sided = false;
        Dir dir = Dir::FromClient;
        const size_t colon = value.find(':');
        if (colon != std::string::npos) {
            if (!parseSide(value.substr(0, colon), &dir))
                return fail(ParseError::Code::BadSide, item);
            sided = true;
            value = value.substr(colon + 1);
        }
        auto forDirs = [&](auto apply) {
            if (sided)
                apply(out.dir[index(dir)]);
            else {
                apply(out.dir[0]);
                apply(out.dir[1]);
            }
        };
        if (key == "delay" || key == "jitter") {
            std::int64_t us = 0;
            if (!parseDuration(value, &us))
                return fail(ParseError::Code::BadValue, item);
            forDirs([&](DirectionSettings &d) { (key == "delay" ? d.delayUs : d.jitterUs) = us; });
        } else if (key == "rate") {
            std::int64_t bps = 0;
            if (!parseRate(value, &bps))
                return fail(ParseError::Code::BadValue, item);
            forDirs([&](DirectionSettings &d) { d.rateBitsPerSecond = bps; });
        } else if (key == "loss") {
            if (value.empty() || value.back() != '%')
                return fail(ParseError::Code::BadValue, item);
            const std::string number = value.substr(0, value.size() - 1);
            char *endp = nullptr;
            const double p = std::strtod(number.c_str(), &endp);
            if (number.empty() || number.size() > 10 || *endp != '\0' || !(p >= 0) || p > 100)
                return fail(ParseError::Code::BadValue, item);
            forDirs([&](DirectionSettings &d) { d.lossPercent = p; });
        } else if (key == "mtu") {
            long long mtu = 0;
            if (!parseInteger(value, 576, 9000, &mtu)) // IPv4's minimum a host must accept
                return fail(ParseError::Code::BadValue, item);
            if (sided)
                out.mtu[index(dir)] = int(mtu);
            else
                out.mtu[0] = out.mtu[1] = int(mtu);
        } else if (key == "seed") {
            long long seed = 0;
            if (sided || !parseInteger(value, 0, 999999999999LL, &seed))
                return fail(ParseError::Code::BadValue, item);
            out.seed = std::uint64_t(seed);
        } else if (key == "drop" || key == "dup" || key == "hold" || key == "rst") {
            if (!sided)
                return fail(ParseError::Code::BadSide, item);
            Rule rule;
            rule.dir = dir;
            rule.action = key == "drop" ? Rule::Action::Drop
                : key == "dup"          ? Rule::Action::Duplicate
                : key == "hold"         ? Rule::Action::Hold
                                        : Rule::Action::Reset;
            std::string selector = value;
            const size_t at = selector.find('@');
            if (at != std::string::npos) {
                if (rule.action != Rule::Action::Duplicate
                    || !parseDuration(selector.substr(at + 1), &rule.delayUs))
                    return fail(ParseError::Code::BadValue, item);
                selector.resize(at);
            }
            const size_t hash = selector.find('#');
            if (hash != std::string::npos) {
                const std::string count = selector.substr(hash + 1);
                long long n = 0;
                if (count == "*")
                    rule.selector.nth = 0;
                else if (parseInteger(count, 1, 1000000, &n))
                    rule.selector.nth = int(n);
                else
                    return fail(ParseError::Code::BadCount, item);
                selector.resize(hash);
            }
            bool known = false;
            for (const auto &s : kSelectors) {
                if (selector == s.name) {
                    rule.selector.kind = s.kind;
                    known = true;
                }
            }
            if (!known && selector.rfind("len=", 0) == 0) {
                long long length = 0;
                if (!parseInteger(selector.substr(4), 0, 65535, &length))
                    return fail(ParseError::Code::BadSelector, item);
                rule.selector.kind = Selector::Kind::Len;
                rule.selector.length = int(length);
                known = true;
            }
            if (!known)
                return fail(ParseError::Code::BadSelector, item);
            if (out.rules.size() >= 64)
                return fail(ParseError::Code::BadCount, item);
            out.rules.push_back(rule);
        } else {
            return fail(ParseError::Code::UnknownKey, item);
        }
        if (end == text.size())
            break;
    }
    *spec = out;
    if (error)
        *error = {};
    return true;
}

FrameInfo inspectFrame(const std::uint8_t *frame, std::size_t length)
{
    FrameInfo info;
    if (length < 14 + 20 || frame[12] != 0x08 || frame[13] != 0x00)
        return info;
    const std::uint8_t *ip = frame + 14;
    const size_t ihl = size_t(ip[0] & 0x0f) * 4;
    if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != 6)
        return info;
    const size_t total = (size_t(ip[2]) << 8) | ip[3];
    if (total < ihl + 20 || 14 + total > length)
        return info;
    const std::uint8_t *tcp = ip + ihl;
    const size_t doff = size_t(tcp[12] >> 4) * 4;
    if (doff < 20 || ihl + doff > total)
        return info;
    info.tcp = true;
    info.ipOffset = 14;
    info.tcpOffset = 14 + ihl;
    std::memcpy(&info.srcAddr, ip + 12, 4);
    std::memcpy(&info.dstAddr, ip + 16, 4);
    info.srcPort = std::uint16_t((tcp[0] << 8) | tcp[1]);
    info.dstPort = std::uint16_t((tcp[2] << 8) | tcp[3]);
    info.seq = (std::uint32_t(tcp[4]) << 24) | (std::uint32_t(tcp[5]) << 16)
        | (std::uint32_t(tcp[6]) << 8) | tcp[7];
    info.ack = (std::uint32_t(tcp[8]) << 24) | (std::uint32_t(tcp[9]) << 16)
        | (std::uint32_t(tcp[10]) << 8) | tcp[11];
    info.flags = tcp[13];
    info.payload = std::uint32_t(total - ihl - doff);
    return info;
}

WireEngine::WireEngine(const WireSpec &spec)
{
    reset(spec);
}

void WireEngine::reset(const WireSpec &spec)
{
    m_spec = spec;
    m_random.seed(spec.seed);
    for (auto &rule : m_spec.rules)
        rule.matches = 0;
    m_finSeen[0] = m_finSeen[1] = false;
}

void WireEngine::addRule(const Rule &rule)
{
    Rule r = rule;
    r.matches = 0;
    m_spec.rules.push_back(r);
}

bool WireEngine::matches(Dir dir, const Selector &selector, const FrameInfo &f) const
{
    using K = Selector::Kind;
    const bool syn = f.flags & tcpflag::Syn, fin = f.flags & tcpflag::Fin,
               rst = f.flags & tcpflag::Rst, ack = f.flags & tcpflag::Ack;
    const bool pureAck = ack && !syn && !fin && !rst && f.payload == 0;
    const int peer = index(opposite(dir));
    switch (selector.kind) {
    case K::Any:
        return true;
    case K::Syn:
        return syn && !ack;
    case K::SynAck:
        return syn && ack;
    case K::Fin:
        return fin;
    case K::Rst:
        return rst;
    case K::Data:
        return f.payload > 0;
    case K::Ack:
        return pureAck;
    case K::AckOfFin:
        return pureAck && m_finSeen[peer] && f.ack == m_finEnd[peer];
    case K::LastAck:
        return pureAck && m_finSeen[peer] && f.ack == m_finEnd[peer] && m_finSeen[index(dir)];
    case K::Len:
        return f.payload == std::uint32_t(selector.length);
    }
    return false;
}

WireEngine::Decision WireEngine::decide(Dir dir, const FrameInfo &frame)
{
    Decision d;
    const DirectionSettings &settings = m_spec.dir[index(dir)];
    d.delayUs = settings.delayUs;
    if (settings.jitterUs > 0)
        d.delayUs += std::int64_t(m_random() % std::uint64_t(settings.jitterUs + 1));
    if (!frame.tcp)
        return d; // ARP and the like pass untouched
    for (size_t i = 0; i < m_spec.rules.size(); ++i) {
        Rule &rule = m_spec.rules[i];
        if (rule.dir != dir || !matches(dir, rule.selector, frame))
            continue;
        ++rule.matches;
        if (rule.selector.nth != 0 && rule.matches != rule.selector.nth)
            continue;
        d.rule = int(i);
        switch (rule.action) {
        case Rule::Action::Drop:
            d.fate = Decision::Fate::Drop;
            break;
        case Rule::Action::Duplicate:
            d.fate = Decision::Fate::Duplicate;
            d.copyDelayUs = rule.delayUs;
            break;
        case Rule::Action::Hold:
            d.fate = Decision::Fate::Hold;
            break;
        case Rule::Action::Reset:
            d.fate = Decision::Fate::Reset;
            break;
        }
        break;
    }
    if (d.fate == Decision::Fate::Deliver && settings.lossPercent > 0) {
        const double roll = double(m_random() % 1000000) / 10000.0; // 0 .. 99.9999
        if (roll < settings.lossPercent)
            d.fate = Decision::Fate::Lose;
    }
    // A FIN counts as seen once it is on its way (even if this copy is lost: the sender has
    // sent it, and its retransmission ends at the same place).
    if (frame.flags & tcpflag::Fin) {
        m_finSeen[index(dir)] = true;
        m_finEnd[index(dir)] = frame.seq + frame.payload + 1;
    }
    return d;
}

std::uint16_t ipChecksum(const std::uint8_t *data, std::size_t length)
{
    std::uint32_t sum = 0;
    for (size_t i = 0; i + 1 < length; i += 2)
        sum += (std::uint32_t(data[i]) << 8) | data[i + 1];
    if (length & 1)
        sum += std::uint32_t(data[length - 1]) << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return std::uint16_t(~sum);
}

std::vector<std::uint8_t> makeReset(const std::uint8_t srcMac[6], const std::uint8_t dstMac[6],
                                    std::uint32_t srcAddr, std::uint32_t dstAddr,
                                    std::uint16_t srcPort, std::uint16_t dstPort, std::uint32_t seq,
                                    std::uint32_t ack, std::uint8_t flags)
{
    std::vector<std::uint8_t> f(14 + 20 + 20, 0);
    std::memcpy(&f[0], dstMac, 6);
    std::memcpy(&f[6], srcMac, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    std::uint8_t *ip = &f[14];
    ip[0] = 0x45;
    ip[3] = 40; // total length
    ip[6] = 0x40; // DF
    ip[8] = 64; // TTL
    ip[9] = 6;
    std::memcpy(ip + 12, &srcAddr, 4);
    std::memcpy(ip + 16, &dstAddr, 4);
    const std::uint16_t ipSum = ipChecksum(ip, 20);
    ip[10] = std::uint8_t(ipSum >> 8);
    ip[11] = std::uint8_t(ipSum);
    std::uint8_t *tcp = ip + 20;
    tcp[0] = std::uint8_t(srcPort >> 8);
    tcp[1] = std::uint8_t(srcPort);
    tcp[2] = std::uint8_t(dstPort >> 8);
    tcp[3] = std::uint8_t(dstPort);
    for (int i = 0; i < 4; ++i) {
        tcp[4 + i] = std::uint8_t(seq >> (24 - 8 * i));
        tcp[8 + i] = std::uint8_t(ack >> (24 - 8 * i));
    }
    tcp[12] = 0x50;
    tcp[13] = flags;
    // The checksum over the pseudo-header and the segment.
    std::uint8_t pseudo[12 + 20];
    std::memcpy(pseudo, &srcAddr, 4);
    std::memcpy(pseudo + 4, &dstAddr, 4);
    pseudo[8] = 0;
    pseudo[9] = 6;
    pseudo[10] = 0;
    pseudo[11] = 20;
    std::memcpy(pseudo + 12, tcp, 20);
    const std::uint16_t tcpSum = ipChecksum(pseudo, sizeof pseudo);
    tcp[16] = std::uint8_t(tcpSum >> 8);
    tcp[17] = std::uint8_t(tcpSum);
    return f;
}

} // namespace tcplab::labnet
