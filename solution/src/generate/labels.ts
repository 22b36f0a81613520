import { el, type XmlNode } from "../xml/node";

/** Our solution ships one language: English (1033). */
export const LANGUAGE = 1033;

export const localizedNames = (text: string, wrapper = "LocalizedNames", item = "LocalizedName"): XmlNode =>
  el(wrapper, {}, el(item, { description: text, languagecode: LANGUAGE }));

export const descriptions = (text: string): XmlNode => localizedNames(text, "Descriptions", "Description");
export const displayNames = (text: string): XmlNode => localizedNames(text, "displaynames", "displayname");
export const labels = (text: string): XmlNode => localizedNames(text, "labels", "label");
