#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace porthole {

// What went wrong, as a kind a caller can branch on and a message a person can act on.
struct StorageError
{
    enum class Kind
    {
        InvalidArgument, // the caller's input is malformed (a URL, an id, a filter)
        NotFound,        // the thing named does not exist
        Io,              // the file system refused (permission, full disk, read-only)
        Locked,          // another connection or process holds the lock
        Constraint,      // the database refused the row (unique, check, foreign key)
        InvalidJson,     // JSON that does not parse
        ConnectionLost,  // the server went away or cannot be reached, or the store's files were
                         // removed or replaced: open it anew
        SchemaTooOld,    // the database needs migrating before use
        SchemaTooNew,    // the database was written by a newer Porthole
        Conflict,        // another operator changed the row first (optimistic locking)
        Protocol,        // the server answered something unexpected
        Internal,        // a bug: the message says where
    };

    Kind kind = Kind::Internal;
    QString message;

    static StorageError invalidArgument(QString message)
    {
        return {Kind::InvalidArgument, std::move(message)};
    }
    static StorageError io(QString message) { return {Kind::Io, std::move(message)}; }
    static StorageError connectionLost(QString message)
    {
        return {Kind::ConnectionLost, std::move(message)};
    }
};

// A value or the reason there is none. Small on purpose: C++20 has no std::expected.
template <typename T>
class Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(StorageError error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const StorageError &error() const { return std::get<StorageError>(m_state); }
    QString errorMessage() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, StorageError> m_state;
};

// For operations that return nothing but may fail.
struct Done
{};
using Status = Result<Done>;
inline Status success()
{
    return Done{};
}

} // namespace porthole
