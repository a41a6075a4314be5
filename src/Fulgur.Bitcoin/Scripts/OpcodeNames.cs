namespace Fulgur.Bitcoin.Scripts;

/// <summary>bitcoind's names for opcodes (GetOpName): "OP_DUP", "OP_CHECKSIG", "0", "1".."16", "-1".</summary>
public static class OpcodeNames
{
    private static readonly string[] Names = BuildNames();
    private static readonly Dictionary<string, Opcode> ByName = BuildLookup();

    /// <summary>bitcoind's name; "OP_UNKNOWN" for undefined bytes and direct-push lengths.</summary>
    public static string GetName(Opcode opcode) => Names[(byte)opcode];

    /// <summary>An opcode by name, with or without the "OP_" prefix (as bitcoind's ParseScript accepts), case-sensitive.</summary>
    public static bool TryParse(string name, out Opcode opcode) => ByName.TryGetValue(name, out opcode);

    private static string[] BuildNames()
    {
        var names = new string[256];
        for (var i = 0; i < 256; i++)
            names[i] = "OP_UNKNOWN";
        names[0] = "0";
        names[(byte)Opcode.PushData1] = "OP_PUSHDATA1";
        names[(byte)Opcode.PushData2] = "OP_PUSHDATA2";
        names[(byte)Opcode.PushData4] = "OP_PUSHDATA4";
        names[(byte)Opcode.Op1Negate] = "-1";
        names[(byte)Opcode.Reserved] = "OP_RESERVED";
        for (var n = 1; n <= 16; n++)
            names[(byte)Opcode.Op1 + n - 1] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] rest =
        [
            "OP_NOP", "OP_VER", "OP_IF", "OP_NOTIF", "OP_VERIF", "OP_VERNOTIF", "OP_ELSE", "OP_ENDIF", "OP_VERIFY", "OP_RETURN",
            "OP_TOALTSTACK", "OP_FROMALTSTACK", "OP_2DROP", "OP_2DUP", "OP_3DUP", "OP_2OVER", "OP_2ROT", "OP_2SWAP", "OP_IFDUP",
            "OP_DEPTH", "OP_DROP", "OP_DUP", "OP_NIP", "OP_OVER", "OP_PICK", "OP_ROLL", "OP_ROT", "OP_SWAP", "OP_TUCK",
            "OP_CAT", "OP_SUBSTR", "OP_LEFT", "OP_RIGHT", "OP_SIZE",
            "OP_INVERT", "OP_AND", "OP_OR", "OP_XOR", "OP_EQUAL", "OP_EQUALVERIFY", "OP_RESERVED1", "OP_RESERVED2",
            "OP_1ADD", "OP_1SUB", "OP_2MUL", "OP_2DIV", "OP_NEGATE", "OP_ABS", "OP_NOT", "OP_0NOTEQUAL", "OP_ADD", "OP_SUB",
            "OP_MUL", "OP_DIV", "OP_MOD", "OP_LSHIFT", "OP_RSHIFT", "OP_BOOLAND", "OP_BOOLOR", "OP_NUMEQUAL",
            "OP_NUMEQUALVERIFY", "OP_NUMNOTEQUAL", "OP_LESSTHAN", "OP_GREATERTHAN", "OP_LESSTHANOREQUAL",
            "OP_GREATERTHANOREQUAL", "OP_MIN", "OP_MAX", "OP_WITHIN",
            "OP_RIPEMD160", "OP_SHA1", "OP_SHA256", "OP_HASH160", "OP_HASH256", "OP_CODESEPARATOR", "OP_CHECKSIG",
            "OP_CHECKSIGVERIFY", "OP_CHECKMULTISIG", "OP_CHECKMULTISIGVERIFY",
            "OP_NOP1", "OP_CHECKLOCKTIMEVERIFY", "OP_CHECKSEQUENCEVERIFY", "OP_NOP4", "OP_NOP5", "OP_NOP6", "OP_NOP7",
            "OP_NOP8", "OP_NOP9", "OP_NOP10", "OP_CHECKSIGADD",
        ];
        for (var i = 0; i < rest.Length; i++)
            names[(byte)Opcode.Nop + i] = rest[i];
        names[(byte)Opcode.InvalidOpcode] = "OP_INVALIDOPCODE";
        return names;
    }

    private static Dictionary<string, Opcode> BuildLookup()
    {
        var lookup = new Dictionary<string, Opcode>(StringComparer.Ordinal);
        for (var i = 0; i < 256; i++)
        {
            var name = Names[i];
            if (name == "OP_UNKNOWN" || (i > 0 && i < (byte)Opcode.PushData1))
                continue;
            if (!name.StartsWith("OP_", StringComparison.Ordinal))
            {
                // 0, -1, 1..16: bitcoind's ParseScript reads these as numbers, but OP_0, OP_FALSE, OP_1.. also name opcodes.
                lookup["OP_" + (i == 0 ? "0" : i == (byte)Opcode.Op1Negate ? "1NEGATE" : name)] = (Opcode)i;
                continue;
            }
            lookup[name] = (Opcode)i;
            lookup[name[3..]] = (Opcode)i;
        }
        lookup["OP_FALSE"] = Opcode.Op0;
        lookup["FALSE"] = Opcode.Op0;
        lookup["OP_TRUE"] = Opcode.Op1;
        lookup["TRUE"] = Opcode.Op1;
        lookup["1NEGATE"] = Opcode.Op1Negate;
        lookup["NOP2"] = Opcode.CheckLockTimeVerify;
        lookup["OP_NOP2"] = Opcode.CheckLockTimeVerify;
        lookup["NOP3"] = Opcode.CheckSequenceVerify;
        lookup["OP_NOP3"] = Opcode.CheckSequenceVerify;
        return lookup;
    }
}
