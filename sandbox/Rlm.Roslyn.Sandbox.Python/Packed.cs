using System.Globalization;
using System.Text;

namespace Rlm.Roslyn.Python;

/// <summary>
/// The message format shared with Guest/driver.py: a sequence of optional strings, each <c>-</c> for null or
/// <c>&lt;byte length&gt;:&lt;UTF-8 bytes&gt;</c>. The guest packs and unpacks it with builtins only, which keeps
/// json (and the re module it pulls in) out of the interpreter's startup.
/// </summary>
internal static class Packed
{
    public static byte[] Pack(IEnumerable<string?> fields)
    {
        using var buffer = new MemoryStream();
        foreach (var field in fields)
        {
            if (field is null)
            {
                buffer.WriteByte((byte)'-');
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(field);
            buffer.Write(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    /// <exception cref="FormatException">The data is not in the packed format.</exception>
    public static List<string?> Unpack(ReadOnlySpan<byte> data)
    {
        var fields = new List<string?>();
        while (!data.IsEmpty)
        {
            if (data[0] == (byte)'-')
            {
                fields.Add(null);
                data = data[1..];
                continue;
            }

            var colon = data.IndexOf((byte)':');
            if (colon <= 0 || !int.TryParse(data[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > data.Length - colon - 1)
            {
                throw new FormatException("Malformed packed message.");
            }

            fields.Add(Encoding.UTF8.GetString(data.Slice(colon + 1, length)));
            data = data[(colon + 1 + length)..];
        }

        return fields;
    }
}
