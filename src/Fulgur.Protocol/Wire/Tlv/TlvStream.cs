using System.Diagnostics.CodeAnalysis;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Wire.Tlv;

/// <summary>
/// An immutable <c>tlv_stream</c>: records in strictly increasing type order. Reading keeps every record, known or
/// unknown-odd, so writing the stream back reproduces the input byte for byte (signed messages depend on that).
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "tlv_stream is the spec's name; it is not a System.IO.Stream")]
public sealed class TlvStream : IEquatable<TlvStream>
{
    private readonly TlvRecord[] _records;

    public static readonly TlvStream Empty = new([]);

    private TlvStream(TlvRecord[] sortedRecords) => _records = sortedRecords;

    /// <summary>A stream from records in any order; two records of one type are a bug and throw.</summary>
    public static TlvStream Create(params IEnumerable<TlvRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sorted = records.OrderBy(r => r.Type).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            // BOLT #1: "MUST not produce more than a single TLV record with the same `type`"
            if (sorted[i].Type == sorted[i - 1].Type)
                throw new ArgumentException($"two TLV records of type {sorted[i].Type}", nameof(records));
        }
        return sorted.Length == 0 ? Empty : new TlvStream(sorted);
    }

    public IReadOnlyList<TlvRecord> Records => _records;

    public int Count => _records.Length;

    public bool IsEmpty => _records.Length == 0;

    public bool Contains(ulong type) => IndexOf(type) >= 0;

    public bool TryGetValue(ulong type, out ByteVector value)
    {
        var index = IndexOf(type);
        value = index >= 0 ? _records[index].Value : ByteVector.Empty;
        return index >= 0;
    }

    private int IndexOf(ulong type)
    {
        int lo = 0, hi = _records.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var t = _records[mid].Type;
            if (t == type)
                return mid;
            if (t < type)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }

    /// <summary>This stream with <paramref name="type"/> set to <paramref name="value"/> (replacing any record of that type).</summary>
    public TlvStream With(ulong type, ByteVector value) =>
        new([.. _records.Where(r => r.Type != type).Append(new TlvRecord(type, value)).OrderBy(r => r.Type)]);

    public TlvStream Without(ulong type) => Contains(type) ? FromSorted([.. _records.Where(r => r.Type != type)]) : this;

    private static TlvStream FromSorted(TlvRecord[] sorted) => sorted.Length == 0 ? Empty : new TlvStream(sorted);

    /// <summary>The records <paramref name="tlvNamespace"/> does not know: what a typed message keeps beside its typed fields.</summary>
    public TlvStream UnknownTo(TlvNamespace tlvNamespace)
    {
        ArgumentNullException.ThrowIfNull(tlvNamespace);
        return _records.Any(r => tlvNamespace.IsKnown(r.Type))
            ? FromSorted([.. _records.Where(r => !tlvNamespace.IsKnown(r.Type))])
            : this;
    }

    /// <summary>Reads records until <paramref name="reader"/> is exhausted, applying every BOLT 1 rule.</summary>
    public static bool TryRead(ref WireReader reader, TlvNamespace tlvNamespace, [NotNullWhen(true)] out TlvStream? stream)
    {
        ArgumentNullException.ThrowIfNull(tlvNamespace);
        stream = null;
        List<TlvRecord>? records = null;
        ulong previous = 0;
        var first = true;
        // BOLT #1: "if zero bytes remain before parsing a `type`: - MUST stop parsing the `tlv_stream`."
        while (!reader.IsAtEnd)
        {
            var offset = reader.Position;
            // BOLT #1: "if a `type` or `length` is not minimally encoded: - MUST fail to parse the `tlv_stream`."
            if (!reader.TryReadBigSize(out var type))
                return false;
            // BOLT #1: "if decoded `type`s are not strictly-increasing (including situations when two or more
            // occurrences of the same `type` are met): - MUST fail to parse the `tlv_stream`."
            if (!first && type <= previous)
                return reader.Fail(WireErrorKind.TlvNotIncreasing, $"TLV type {type} at offset {offset} follows type {previous}");
            if (!reader.TryReadBigSize(out var length))
                return false;
            // BOLT #1: "if `length` exceeds the number of bytes remaining in the message: - MUST fail to parse the `tlv_stream`."
            if (length > (ulong)reader.Remaining)
            {
                return reader.Fail(WireErrorKind.TlvLengthExceedsRemaining,
                    $"TLV type {type} claims {length} bytes, {reader.Remaining} remain");
            }
            reader.TryReadBytes((int)length, out var value);
            if (tlvNamespace.TryGetType(type, out var known))
            {
                if (!Validate(known, value, out var why))
                    return reader.Fail(WireErrorKind.TlvInvalidValue, $"{tlvNamespace.Name} {known.Name} (type {type}): {why}");
            }
            // BOLT #1: "if `type` is even: - MUST fail to parse the `tlv_stream`."
            else if ((type & 1) == 0)
            {
                return reader.Fail(WireErrorKind.TlvUnknownEvenType, $"unknown even TLV type {type} in {tlvNamespace}");
            }
            (records ??= []).Add(new TlvRecord(type, new ByteVector(value)));
            previous = type;
            first = false;
        }
        stream = records is null ? Empty : new TlvStream([.. records]);
        return true;
    }

    /// <summary>Parses a whole buffer as one stream.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, TlvNamespace tlvNamespace, [NotNullWhen(true)] out TlvStream? stream, out WireError error)
    {
        var reader = new WireReader(bytes);
        var ok = TryRead(ref reader, tlvNamespace, out stream);
        error = ok ? WireError.None : reader.Error;
        return ok;
    }

    private static bool Validate(TlvType known, ReadOnlySpan<byte> value, out string why)
    {
        var valueReader = new WireReader(value);
        // BOLT #1: "if `length` is not exactly equal to that required for the known encoding for `type`:
        // - MUST fail to parse the `tlv_stream`."
        if (!known.Validate(ref valueReader))
        {
            why = valueReader.Error.ToString();
            return false;
        }
        if (!valueReader.IsAtEnd)
        {
            why = $"{valueReader.Remaining} bytes beyond the encoding";
            return false;
        }
        why = "";
        return true;
    }

    public void Write(WireWriter writer)
    {
        foreach (var record in _records)
        {
            // BOLT #1: "MUST minimally encode `type` and `length`."
            writer.WriteBigSize(record.Type);
            writer.WriteBigSize((ulong)record.Value.Length);
            writer.WriteBytes(record.Value.Span);
        }
    }

    public byte[] ToArray() => WireWriter.ToArray(Write);

    public bool Equals(TlvStream? other) => other is not null && _records.AsSpan().SequenceEqual(other._records);

    public override bool Equals(object? obj) => Equals(obj as TlvStream);

    public static bool operator ==(TlvStream? left, TlvStream? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(TlvStream? left, TlvStream? right) => !(left == right);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var record in _records)
            hash.Add(record);
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _records)}]";
}
