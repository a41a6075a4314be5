namespace Fulgur.Bitcoin.Scripts;

/// <summary>
/// Script opcodes with bitcoind's byte values (script/script.h). Bytes 0x01–0x4b are direct pushes of that many bytes
/// and have no name of their own; <see cref="OpcodeNames"/> gives bitcoind's spelling (OP_DUP, …) for ASM.
/// </summary>
#pragma warning disable CA1028 // An opcode is one byte on the wire.
public enum Opcode : byte
#pragma warning restore CA1028
{
    // Pushes
    Op0 = 0x00,
    PushData1 = 0x4c,
    PushData2 = 0x4d,
    PushData4 = 0x4e,
    Op1Negate = 0x4f,
    Reserved = 0x50,
    Op1 = 0x51,
    Op2 = 0x52,
    Op3 = 0x53,
    Op4 = 0x54,
    Op5 = 0x55,
    Op6 = 0x56,
    Op7 = 0x57,
    Op8 = 0x58,
    Op9 = 0x59,
    Op10 = 0x5a,
    Op11 = 0x5b,
    Op12 = 0x5c,
    Op13 = 0x5d,
    Op14 = 0x5e,
    Op15 = 0x5f,
    Op16 = 0x60,

    // Flow control
    Nop = 0x61,
    Ver = 0x62,
    If = 0x63,
    NotIf = 0x64,
    VerIf = 0x65,
    VerNotIf = 0x66,
    Else = 0x67,
    EndIf = 0x68,
    Verify = 0x69,
    Return = 0x6a,

    // Stack
    ToAltStack = 0x6b,
    FromAltStack = 0x6c,
    TwoDrop = 0x6d,
    TwoDup = 0x6e,
    ThreeDup = 0x6f,
    TwoOver = 0x70,
    TwoRot = 0x71,
    TwoSwap = 0x72,
    IfDup = 0x73,
    Depth = 0x74,
    Drop = 0x75,
    Dup = 0x76,
    Nip = 0x77,
    Over = 0x78,
    Pick = 0x79,
    Roll = 0x7a,
    Rot = 0x7b,
    Swap = 0x7c,
    Tuck = 0x7d,

    // Splice
    Cat = 0x7e,
    Substr = 0x7f,
    Left = 0x80,
    Right = 0x81,
    Size = 0x82,

    // Bitwise logic
    Invert = 0x83,
    And = 0x84,
    Or = 0x85,
    Xor = 0x86,
    Equal = 0x87,
    EqualVerify = 0x88,
    Reserved1 = 0x89,
    Reserved2 = 0x8a,

    // Arithmetic
    OneAdd = 0x8b,
    OneSub = 0x8c,
    TwoMul = 0x8d,
    TwoDiv = 0x8e,
    Negate = 0x8f,
    Abs = 0x90,
    Not = 0x91,
    ZeroNotEqual = 0x92,
    Add = 0x93,
    Sub = 0x94,
    Mul = 0x95,
    Div = 0x96,
    Mod = 0x97,
    LShift = 0x98,
    RShift = 0x99,
    BoolAnd = 0x9a,
    BoolOr = 0x9b,
    NumEqual = 0x9c,
    NumEqualVerify = 0x9d,
    NumNotEqual = 0x9e,
    LessThan = 0x9f,
    GreaterThan = 0xa0,
    LessThanOrEqual = 0xa1,
    GreaterThanOrEqual = 0xa2,
    Min = 0xa3,
    Max = 0xa4,
    Within = 0xa5,

    // Crypto
    Ripemd160 = 0xa6,
    Sha1 = 0xa7,
    Sha256 = 0xa8,
    Hash160 = 0xa9,
    Hash256 = 0xaa,
    CodeSeparator = 0xab,
    CheckSig = 0xac,
    CheckSigVerify = 0xad,
    CheckMultiSig = 0xae,
    CheckMultiSigVerify = 0xaf,

    // Expansion
    Nop1 = 0xb0,
    CheckLockTimeVerify = 0xb1,
    CheckSequenceVerify = 0xb2,
    Nop4 = 0xb3,
    Nop5 = 0xb4,
    Nop6 = 0xb5,
    Nop7 = 0xb6,
    Nop8 = 0xb7,
    Nop9 = 0xb8,
    Nop10 = 0xb9,

    /// <summary>BIP342 (tapscript only).</summary>
    CheckSigAdd = 0xba,

    InvalidOpcode = 0xff,
}
