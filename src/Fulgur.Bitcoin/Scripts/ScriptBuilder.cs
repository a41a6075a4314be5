using System.Buffers.Binary;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Scripts;

/// <summary>
/// Builds a script from opcodes and pushes. Data and numbers are always pushed minimally (BIP62 / bitcoind's
/// MINIMALDATA), so built scripts satisfy the standardness rules:
/// <code>new ScriptBuilder().Op(Opcode.Dup).Op(Opcode.Hash160).Push(keyHash).Op(Opcode.EqualVerify).Op(Opcode.CheckSig).ToScript()</code>
/// </summary>
public sealed class ScriptBuilder
{
    private readonly List<byte> _bytes = [];

    public ScriptBuilder Op(Opcode opcode)
    {
        _bytes.Add((byte)opcode);
        return this;
    }

    /// <summary>
    /// Pushes <paramref name="data"/> with the shortest form: OP_0 for empty, OP_1..OP_16 and OP_1NEGATE for the single
    /// bytes 1..16 and 0x81, a direct push up to 75 bytes, then OP_PUSHDATA1/2/4.
    /// </summary>
    public ScriptBuilder Push(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
            return Op(Opcode.Op0);
        if (data.Length == 1 && data[0] >= 1 && data[0] <= 16)
            return Op((Opcode)((byte)Opcode.Op1 + data[0] - 1));
        if (data.Length == 1 && data[0] == 0x81)
            return Op(Opcode.Op1Negate);
        return PushRaw(data);
    }

    /// <summary>
    /// Pushes <paramref name="data"/> with the shortest length prefix but never as OP_N: what bitcoind's
    /// <c>CScript &lt;&lt; vector</c> does, and what a signature or public key push must look like.
    /// </summary>
    public ScriptBuilder PushRaw(ReadOnlySpan<byte> data)
    {
        if (data.Length < (int)Opcode.PushData1)
        {
            _bytes.Add((byte)data.Length);
        }
        else if (data.Length <= 0xff)
        {
            _bytes.Add((byte)Opcode.PushData1);
            _bytes.Add((byte)data.Length);
        }
        else if (data.Length <= 0xffff)
        {
            _bytes.Add((byte)Opcode.PushData2);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)data.Length);
            _bytes.AddRange(length);
        }
        else
        {
            _bytes.Add((byte)Opcode.PushData4);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)data.Length);
            _bytes.AddRange(length);
        }
        _bytes.AddRange(data);
        return this;
    }

    /// <summary>Pushes a number: OP_0, OP_1NEGATE, OP_1..OP_16, or the minimal script-number encoding (bitcoind's push_int64).</summary>
    public ScriptBuilder Push(long number)
    {
        if (number == 0)
            return Op(Opcode.Op0);
        if (number == -1 || (number >= 1 && number <= 16))
            return Op((Opcode)((byte)Opcode.Op1 + number - 1));
        return PushRaw(ScriptNum.Encode(number));
    }

    public ScriptBuilder Push(PublicKey key) => PushRaw(key.Compressed);

    /// <summary>Appends bytes as they are, not as a push (for splicing prepared script fragments).</summary>
    public ScriptBuilder Append(ReadOnlySpan<byte> raw)
    {
        _bytes.AddRange(raw);
        return this;
    }

    public ScriptBuilder Append(Script script) => Append(script.Bytes);

    public Script ToScript() => Script.Wrap([.. _bytes]);
}
