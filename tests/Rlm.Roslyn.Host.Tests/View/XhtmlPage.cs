using System.Xml;
using System.Xml.Linq;

namespace Rlm.Roslyn.Host.Tests.View;

/// <summary>Reads the viewer's page as XML (it is written well-formed, so its structure can be asserted).</summary>
internal static class XhtmlPage
{
    public static XDocument Load(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    public static IEnumerable<XElement> RunNodes(this XContainer page) =>
        page.Descendants("details").Where(d => d.Attribute("data-path") is not null);

    public static XElement RunNode(this XContainer page, string path) =>
        page.RunNodes().Single(d => (string?)d.Attribute("data-path") == path);

    public static bool HasClass(this XElement element, string name) =>
        ((string?)element.Attribute("class") ?? "").Split(' ').Contains(name);

    /// <summary>The nearest enclosing details element.</summary>
    public static XElement? ParentDetails(this XElement element) => element.Ancestors("details").FirstOrDefault();
}
