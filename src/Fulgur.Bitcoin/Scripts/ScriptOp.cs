namespace Fulgur.Bitcoin.Scripts;

/// <summary>
/// One parsed script element: an opcode and, for push opcodes (0x00–0x4e), the pushed bytes. <see cref="Push"/> is
/// empty for non-push opcodes and for OP_0.
/// </summary>
public readonly record struct ScriptOp(Opcode Opcode, ReadOnlyMemory<byte> Push)
{
    /// <summary>True for OP_0 and the data pushes (direct and OP_PUSHDATA1/2/4); OP_1NEGATE and OP_1..16 are not data pushes.</summary>
    public bool IsDataPush => (byte)Opcode <= (byte)Opcode.PushData4;

    /// <summary>
    /// bitcoind's CheckMinimalPush (MINIMALDATA): the data could not have been pushed with a shorter opcode.
    /// </summary>
    public bool IsMinimalPush
    {
        get
        {
            var data = Push.Span;
            var op = (byte)Opcode;
            if (data.Length == 0)
                return Opcode == Opcode.Op0;
            if (data.Length == 1 && data[0] >= 1 && data[0] <= 16)
                return false; // should have used OP_1 .. OP_16
            if (data.Length == 1 && data[0] == 0x81)
                return false; // should have used OP_1NEGATE
            if (data.Length <= 75)
                return op == data.Length;
            if (data.Length <= 255)
                return Opcode == Opcode.PushData1;
            if (data.Length <= 65535)
                return Opcode == Opcode.PushData2;
            return true;
        }
    }

    /// <summary>For OP_1NEGATE and OP_1..OP_16 the number they push; null otherwise.</summary>
    public int? SmallInteger => Opcode switch
    {
        Opcode.Op1Negate => -1,
        >= Opcode.Op1 and <= Opcode.Op16 => Opcode - Opcode.Op1 + 1,
        _ => null,
    };
}
