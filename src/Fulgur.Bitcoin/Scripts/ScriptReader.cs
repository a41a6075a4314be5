using System.Buffers.Binary;

namespace Fulgur.Bitcoin.Scripts;

/// <summary>
/// Walks a script opcode by opcode (bitcoind's GetScriptOp) without allocating. A push that runs past the end of the
/// script stops the walk with <see cref="Error"/> set.
/// </summary>
public ref struct ScriptReader
{
    private readonly ReadOnlySpan<byte> _script;
    private int _position;

    public ScriptReader(ReadOnlySpan<byte> script)
    {
        _script = script;
        _position = 0;
        Error = null;
    }

    /// <summary>The offset of the next opcode (after a failed read, just past the opcode and length bytes consumed).</summary>
    public readonly int Position => _position;

    public readonly bool IsAtEnd => _position >= _script.Length || Error is not null;

    public string? Error { get; private set; }

    /// <summary>Reads the next opcode; false at the end of the script or on a truncated push (then <see cref="Error"/> is set).</summary>
    public bool TryRead(out Opcode opcode, out ReadOnlySpan<byte> push)
    {
        opcode = Opcode.InvalidOpcode;
        push = default;
        if (_position >= _script.Length || Error is not null)
            return false;
        var op = _script[_position++];
        opcode = (Opcode)op;
        if (op > (byte)Opcode.PushData4)
            return true;
        long length;
        var left = _script.Length - _position;
        if (op < (byte)Opcode.PushData1)
        {
            length = op;
        }
        else if (op == (byte)Opcode.PushData1)
        {
            if (left < 1)
                return Truncated();
            length = _script[_position];
            _position += 1;
        }
        else if (op == (byte)Opcode.PushData2)
        {
            if (left < 2)
                return Truncated();
            length = BinaryPrimitives.ReadUInt16LittleEndian(_script[_position..]);
            _position += 2;
        }
        else
        {
            if (left < 4)
                return Truncated();
            length = BinaryPrimitives.ReadUInt32LittleEndian(_script[_position..]);
            _position += 4;
        }
        if (length > _script.Length - _position)
            return Truncated();
        push = _script.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    private bool Truncated()
    {
        // Position stays where bitcoind's GetScriptOp leaves its iterator (after the opcode and any length read):
        // legacy sighash serialization depends on it.
        Error = "push past the end of the script";
        return false;
    }
}
