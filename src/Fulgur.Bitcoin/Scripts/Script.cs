using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Scripts;

/// <summary>
/// A script as bytes (scriptPubKey, scriptSig, witness script). Immutable, compared by value. A script need not
/// parse: consensus allows arbitrary bytes in an output, so parsing is the separate <see cref="TryGetOps"/>.
/// Standard templates live in <see cref="StandardScripts"/>; recognition in the <c>Is…</c>/<c>TryGet…</c> members here.
/// </summary>
public sealed partial class Script : IEquatable<Script>
{
    /// <summary>bitcoind's MAX_SCRIPT_SIZE: a larger script can never be spent.</summary>
    public const int MaxSize = 10_000;

    public static readonly Script Empty = new([]);

    private readonly byte[] _bytes;

    private Script(byte[] bytes) => _bytes = bytes;

    public static Script FromBytes(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? Empty : new Script(bytes.ToArray());

    public static Script FromHex(string hex) => FromBytes(Hex.Decode(hex));

    /// <summary>Takes ownership of <paramref name="bytes"/> without copying; the caller must not change them afterwards.</summary>
    internal static Script Wrap(byte[] bytes) => new(bytes);

    public ReadOnlySpan<byte> Bytes => _bytes;

    public int Length => _bytes.Length;

    public bool IsEmpty => _bytes.Length == 0;

    public byte[] ToBytes() => (byte[])_bytes.Clone();

    public string ToHex() => Hex.Encode(_bytes);

    /// <summary>Parses the script into opcodes and pushes; false, with the reason, when a push runs past the end.</summary>
    public bool TryGetOps([NotNullWhen(true)] out IReadOnlyList<ScriptOp>? ops, [NotNullWhen(false)] out string? error)
    {
        var list = new List<ScriptOp>();
        var reader = new ScriptReader(_bytes);
        var start = 0;
        while (reader.TryRead(out var opcode, out var push))
        {
            var pushStart = reader.Position - push.Length;
            list.Add(new ScriptOp(opcode, push.IsEmpty ? ReadOnlyMemory<byte>.Empty : _bytes.AsMemory(pushStart, push.Length)));
            start = reader.Position;
        }
        if (reader.Error is not null)
        {
            ops = null;
            error = $"{reader.Error} (at offset {start})";
            return false;
        }
        ops = list;
        error = null;
        return true;
    }

    /// <summary>
    /// bitcoind's ScriptToAsmStr: pushes of up to 4 bytes as script numbers, longer pushes as hex, opcodes by name;
    /// a truncated push renders as "[error]".
    /// </summary>
    public string ToAsm()
    {
        var builder = new StringBuilder();
        var reader = new ScriptReader(_bytes);
        while (reader.TryRead(out var opcode, out var push))
        {
            if (builder.Length > 0)
                builder.Append(' ');
            if ((byte)opcode <= (byte)Opcode.PushData4)
            {
                if (push.Length <= 4)
                {
                    ScriptNum.TryDecode(push, requireMinimal: false, 4, out var number, out _);
                    builder.Append(number.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(Hex.Encode(push));
                }
            }
            else
            {
                builder.Append(OpcodeNames.GetName(opcode));
            }
        }
        if (reader.Error is not null)
            builder.Append(builder.Length > 0 ? " [error]" : "[error]");
        return builder.ToString();
    }

    /// <summary>
    /// bitcoind's IsPushOnly: every opcode is a push or OP_1NEGATE/OP_1..16 (OP_RESERVED counts too, as in bitcoind),
    /// and the script parses.
    /// </summary>
    public bool IsPushOnly()
    {
        var reader = new ScriptReader(_bytes);
        while (reader.TryRead(out var opcode, out _))
        {
            if ((byte)opcode > (byte)Opcode.Op16)
                return false;
        }
        return reader.Error is null;
    }

    /// <summary>
    /// bitcoind's IsUnspendable: starts with OP_RETURN or is larger than <see cref="MaxSize"/>. Such outputs are
    /// provably unspendable and have no dust limit.
    /// </summary>
    public bool IsUnspendable => (_bytes.Length > 0 && _bytes[0] == (byte)Opcode.Return) || _bytes.Length > MaxSize;

    public bool Equals(Script? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Script);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(Script? a, Script? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Script? a, Script? b) => !(a == b);

    /// <summary>The ASM form, for debugging and logs.</summary>
    public override string ToString() => ToAsm();
}
